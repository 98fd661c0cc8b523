/**
 * What the parser made of the tails of lines it has read (see scanLineHead: a line less its time,
 * or for perf script less its comm, pid, CPU and time), by their bytes: a perf capture repeats
 * them over and over, since a packet's skbaddr, device and length stay the same from event to
 * event, skb memory is reused for later packets, and a few threads run a few events. A tail seen
 * before is looked up (hashed and compared four bytes a step) instead of read again byte by byte
 * and interned field by field, which was most of a line's cost.
 *
 * Only lines the fast path read whole are remembered, with the strings it interned, so a line
 * read from here gives what reading it would give. Bounded: past MAX_TAILS tails or MAX_BYTES of
 * them, it starts again empty. Where tails do not repeat (a lookup costs about a tenth of a line),
 * it stops looking for a while.
 *
 * Before it hashes a tail, it compares it with the tail that came after the last line's last time:
 * a packet goes through the same events in the same order, so the next line is often foretold,
 * and a comparison costs a fraction of a lookup.
 */
import { ByteKeys } from './byte-keys';

const MAX_TAILS = 32 * 1024;
const MAX_BYTES = 4 * 1024 * 1024;
/** Lookups per check of how many found their tail; fewer than one in MIN_FOUND, and it rests for RESTING lines. */
const CHECKED_EVERY = 4096;
const MIN_FOUND = 4;
const RESTING = 64 * 1024;
const NO_TAIL = -1;

/** What a line's tail gave: string indices (or NONE), and where its fields are, from the tail's start. */
export interface TailEvent {
  layout: number;
  /** perf trace's tid; perf script's comes before its tail. */
  pid: number;
  /** perf trace's; perf script's comes before its tail. */
  comm: number;
  event: number;
  device: number;
  skbaddr: number;
  len: number;
  fieldsStart: number;
  fieldsEnd: number;
  /** A drop, whose fields are read again for its reason and location. */
  drop: boolean;
}

export class LineTails {
  private readonly keys = new ByteKeys();
  private events: TailEvent[] = [];
  /** Per tail, by number, the tail that came next after it last time, or NO_TAIL. */
  private successors = new Int32Array(64);
  /** The last line's tail, or NO_TAIL. */
  private previous = NO_TAIL;
  private lookups = 0;
  private found = 0;
  private resting = 0;
  /** The tail last looked up and not found, which remember may keep. */
  private missedBytes: Uint8Array | null = null;
  private missedStart = 0;
  private missedEnd = 0;

  /** What the tail `bytes[start, end)` gave before, or null; `start` is negative for a line without a tail, which is not looked up. */
  find(bytes: Uint8Array, start: number, end: number): TailEvent | null {
    this.missedBytes = null;
    if (start < 0) return null;
    if (this.resting > 0) {
      this.resting--;
      return null;
    }
    if (++this.lookups === CHECKED_EVERY) this.check();
    const foretold = this.previous === NO_TAIL ? NO_TAIL : (this.successors[this.previous] as number);
    const tail = foretold !== NO_TAIL && this.keys.holds(foretold, bytes, start, end) ? foretold : this.keys.find(bytes, start, end, false);
    if (tail >= 0) {
      this.found++;
      this.follow(tail);
      return this.events[tail] as TailEvent;
    }
    this.missedBytes = bytes;
    this.missedStart = start;
    this.missedEnd = end;
    return null;
  }

  /** Whether the tail `bytes[start, end)` is the one find has just not found, which remember would keep. */
  awaits(bytes: Uint8Array, start: number, end: number): boolean {
    return bytes === this.missedBytes && start === this.missedStart && end === this.missedEnd;
  }

  /** Keeps what the tail find has just not found gave. */
  remember(event: TailEvent): void {
    const bytes = this.missedBytes;
    if (bytes === null) return;
    this.missedBytes = null;
    const start = this.missedStart;
    const end = this.missedEnd;
    if (this.keys.size === MAX_TAILS || this.keys.bytes + (end - start) > MAX_BYTES) {
      // Starting again forgets where the miss would have gone: this tail waits for its next time.
      this.keys.clear();
      this.events = [];
      this.previous = NO_TAIL;
      return;
    }
    const tail = this.events.length;
    this.keys.add(bytes, start, end, false, tail);
    this.events.push(event);
    if (tail === this.successors.length) {
      const more = new Int32Array(tail * 2);
      more.set(this.successors);
      this.successors = more;
    }
    this.successors[tail] = NO_TAIL;
    this.follow(tail);
  }

  /** `tail` is this line's: what the last line's is followed by, and what foretells the next. */
  private follow(tail: number): void {
    if (this.previous !== NO_TAIL) this.successors[this.previous] = tail;
    this.previous = tail;
  }

  private check(): void {
    if (this.found * MIN_FOUND < this.lookups) this.resting = RESTING;
    this.lookups = 0;
    this.found = 0;
  }
}
