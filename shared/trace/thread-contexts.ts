/**
 * Who an event ran as: its command, pid and CPU, numbered once per distinct triple. A capture has
 * few (each process on each CPU it ran on), so the table keeps one number per event for all three
 * instead of ten bytes of columns.
 */
import { NONE } from './event-batch';

export class ThreadContexts {
  private readonly comms: number[] = [];
  private readonly pids: number[] = [];
  private readonly cpus: number[] = [];
  /** comm string id → (pid, cpu) → context. */
  private readonly ids = new Map<number, Map<number, number>>();
  private lastComm = NaN;
  private lastPidCpu = NaN;
  private lastId = NONE;

  /** The context's number; `comm` is a string id or NONE, `pid` and `cpu` numbers or NONE. */
  idOf(comm: number, pid: number, cpu: number): number {
    // CPUs are -1…0x7fff (the table makes others NONE): with the pid, one exact number for both.
    const pidCpu = (pid + 1) * 0x10000 + (cpu + 1);
    if (comm === this.lastComm && pidCpu === this.lastPidCpu) return this.lastId;
    let byPidCpu = this.ids.get(comm);
    if (!byPidCpu) this.ids.set(comm, (byPidCpu = new Map()));
    let id = byPidCpu.get(pidCpu);
    if (id === undefined) {
      id = this.comms.length;
      byPidCpu.set(pidCpu, id);
      this.comms.push(comm);
      this.pids.push(pid);
      this.cpus.push(cpu);
    }
    this.lastComm = comm;
    this.lastPidCpu = pidCpu;
    this.lastId = id;
    return id;
  }

  comm(id: number): number {
    return this.comms[id] ?? NONE;
  }

  pid(id: number): number {
    return this.pids[id] ?? NONE;
  }

  cpu(id: number): number {
    return this.cpus[id] ?? NONE;
  }
}
