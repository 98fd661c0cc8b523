/**
 * The parser's columns for the batch being filled: one typed array per column, written in place
 * (each column its own array kind at its own call site, which keeps the hot loop monomorphic),
 * grown together, and copied out exactly once per batch.
 */
import type { EventBatch } from './event-batch';

export class BatchColumns {
  count = 0;
  /** Small at first: tests and tools make many parsers for a few lines each. */
  private capacity = 256;
  timeUs = new Float64Array(this.capacity);
  event = new Int32Array(this.capacity);
  device = new Int32Array(this.capacity);
  skbaddr = new Int32Array(this.capacity);
  len = new Int32Array(this.capacity);
  comm = new Int32Array(this.capacity);
  pid = new Int32Array(this.capacity);
  cpu = new Int32Array(this.capacity);
  line = new Int32Array(this.capacity);
  offset = new Float64Array(this.capacity);
  layout = new Uint8Array(this.capacity);
  /** Drops are few: their columns grow on their own, from a count of their own. */
  private drops = 0;
  private dropEvent = new Int32Array(16);
  private dropReason = new Int32Array(16);
  private dropLocation = new Int32Array(16);

  /** The index to write the next event at. */
  next(): number {
    if (this.count === this.capacity) this.grow();
    return this.count++;
  }

  /** Event `i` of this batch is a drop, with these strings (or NONE) for its reason and location. */
  addDrop(i: number, reason: number, location: number): void {
    if (this.drops === this.dropEvent.length) {
      const capacity = this.drops * 2;
      this.dropEvent = grown(this.dropEvent, new Int32Array(capacity));
      this.dropReason = grown(this.dropReason, new Int32Array(capacity));
      this.dropLocation = grown(this.dropLocation, new Int32Array(capacity));
    }
    this.dropEvent[this.drops] = i;
    this.dropReason[this.drops] = reason;
    this.dropLocation[this.drops] = location;
    this.drops++;
  }

  take(newStrings: string[]): EventBatch {
    const n = this.count;
    const drops = this.drops;
    this.count = 0;
    this.drops = 0;
    return {
      count: n,
      timeUs: this.timeUs.slice(0, n),
      event: this.event.slice(0, n),
      device: this.device.slice(0, n),
      skbaddr: this.skbaddr.slice(0, n),
      len: this.len.slice(0, n),
      comm: this.comm.slice(0, n),
      pid: this.pid.slice(0, n),
      cpu: this.cpu.slice(0, n),
      line: this.line.slice(0, n),
      offset: this.offset.slice(0, n),
      layout: this.layout.slice(0, n),
      dropEvent: this.dropEvent.slice(0, drops),
      dropReason: this.dropReason.slice(0, drops),
      dropLocation: this.dropLocation.slice(0, drops),
      newStrings,
    };
  }

  private grow(): void {
    this.capacity *= 2;
    this.timeUs = grown(this.timeUs, new Float64Array(this.capacity));
    this.event = grown(this.event, new Int32Array(this.capacity));
    this.device = grown(this.device, new Int32Array(this.capacity));
    this.skbaddr = grown(this.skbaddr, new Int32Array(this.capacity));
    this.len = grown(this.len, new Int32Array(this.capacity));
    this.comm = grown(this.comm, new Int32Array(this.capacity));
    this.pid = grown(this.pid, new Int32Array(this.capacity));
    this.cpu = grown(this.cpu, new Int32Array(this.capacity));
    this.line = grown(this.line, new Int32Array(this.capacity));
    this.offset = grown(this.offset, new Float64Array(this.capacity));
    this.layout = grown(this.layout, new Uint8Array(this.capacity));
  }
}

function grown<A extends { set(a: A): void }>(old: A, next: A): A {
  next.set(old);
  return next;
}
