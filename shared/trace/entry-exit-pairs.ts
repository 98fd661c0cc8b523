/**
 * Exit events (`net:netif_rx_exit()`, `net:netif_receive_skb_exit(ret=0)`) name neither a device
 * nor an skb, but they close the `_entry` event of the same name that ran last on the same thread
 * or CPU (or, where perf printed neither, in the whole trace). Matching them, as a stack per thread since these calls nest, puts each exit on the row
 * and in the packet of its entry rather than on a row of unattributed events.
 */
export interface PairedEntry {
  packet: number;
  row: number;
}

/** What an event name says: 0 neither, or an entry or exit of the call with that base id. */
interface Role {
  kind: 'entry' | 'exit' | 'other';
  baseId: number;
}

const OTHER: Role = { kind: 'other', baseId: -1 };
/** Threads (pids, CPUs, -1 for neither) fit below this, so base and thread make one number key. */
const THREADS = 2 ** 32;

export class EntryExitPairs {
  private readonly roles = new Map<number, Role>();
  private readonly bases = new Map<string, number>();
  /** Per call and thread, the open entries as packet, row pairs: no object per event. */
  private readonly open = new Map<number, number[]>();
  private readonly closed: PairedEntry = { packet: -1, row: -1 };

  /** Notes an event in order; for an exit, returns the entry it closes (an object reused by the next call). */
  see(eventString: number, eventName: string, thread: number, packet: number, row: number): PairedEntry | null {
    const role = this.roleOf(eventString, eventName);
    if (role.kind === 'other') return null;
    const key = role.baseId * THREADS + (thread + 1);
    let stack = this.open.get(key);
    if (role.kind === 'entry') {
      if (!stack) this.open.set(key, (stack = []));
      stack.push(packet, row);
      return null;
    }
    if (!stack || stack.length === 0) return null;
    this.closed.row = stack.pop() as number;
    this.closed.packet = stack.pop() as number;
    return this.closed;
  }

  reset(): void {
    this.open.clear();
  }

  private roleOf(eventString: number, name: string): Role {
    let role = this.roles.get(eventString);
    if (!role) {
      const m = /^(.*)_(entry|exit)$/.exec(name);
      role = m ? { kind: m[2] as 'entry' | 'exit', baseId: this.baseId(m[1] as string) } : OTHER;
      this.roles.set(eventString, role);
    }
    return role;
  }

  private baseId(base: string): number {
    let id = this.bases.get(base);
    if (id === undefined) this.bases.set(base, (id = this.bases.size));
    return id;
  }
}
