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
 */
import { ByteKeys, NOT_FOUND } from './byte-keys';
import { NONE } from './event-batch';

const MAX_TAILS = 32 * 1024;
const MAX_BYTES = 4 * 1024 * 1024;
/** Lookups per check of how many found their tail; fewer than one in MIN_FOUND, and it rests for RESTING lines. */
const CHECKED_EVERY = 4096;
const MIN_FOUND = 4;
const RESTING = 64 * 1024;

/** What a tail holds, in numbers per tail: string indices (or NONE), and offsets from the tail's start. */
export const LAYOUT = 0;
/** perf trace's tid; perf script's comes before its tail. */
export const PID = 1;
export const COMM = 2;
export const EVENT = 3;
export const DEVICE = 4;
export const SKBADDR = 5;
export const LEN = 6;
export const FIELDS_START = 7;
export const FIELDS_END = 8;
/** 1 where the event is a drop, whose fields are read again for its reason and location. */
export const DROP = 9;
const STRIDE = 10;

export class LineTails {
  /** Each tail's numbers, STRIDE of them from tail × STRIDE. */
  numbers = new Int32Array(STRIDE * 64);
  private readonly keys = new ByteKeys();
  private lookups = 0;
  private found = 0;
  private resting = 0;
  /** The tail last looked up and not found, which remember may keep. */
  private missedBytes: Uint8Array | null = null;
  private missedStart = 0;
  private missedEnd = 0;

  /** Where in `numbers` the tail `bytes[start, end)` is, or NONE; `start` NONE for a line without a tail, which is not looked up. */
  find(bytes: Uint8Array, start: number, end: number): number {
    this.missedBytes = null;
    if (start === NONE) return NONE;
    if (this.resting > 0) {
      this.resting--;
      return NONE;
    }
    if (++this.lookups === CHECKED_EVERY) this.check();
    const tail = this.keys.find(bytes, start, end, false);
    if (tail !== NOT_FOUND) {
      this.found++;
      return tail * STRIDE;
    }
    this.missedBytes = bytes;
    this.missedStart = start;
    this.missedEnd = end;
    return NONE;
  }

  /**
   * Where the numbers of the tail `bytes[start, end)` go, to be filled in by the caller, if it is
   * the one find has just not found; else NONE, and nothing is kept.
   */
  remember(bytes: Uint8Array, start: number, end: number): number {
    if (bytes !== this.missedBytes || start !== this.missedStart || end !== this.missedEnd) return NONE;
    this.missedBytes = null;
    if (this.keys.size === MAX_TAILS || this.keys.bytes + (end - start) > MAX_BYTES) {
      // Starting again forgets where the miss would have gone: this tail waits for its next time.
      this.keys.clear();
      return NONE;
    }
    const tail = this.keys.size;
    if ((tail + 1) * STRIDE > this.numbers.length) {
      const more = new Int32Array(this.numbers.length * 2);
      more.set(this.numbers);
      this.numbers = more;
    }
    this.keys.add(bytes, start, end, false, tail);
    return tail * STRIDE;
  }

  private check(): void {
    if (this.found * MIN_FOUND < this.lookups) this.resting = RESTING;
    this.lookups = 0;
    this.found = 0;
  }
}
