/**
 * A column of integers from NONE (-1) up, in two bytes each where they fit, which is nearly always:
 * a tracepoint's name is among the first strings interned, and a packet's length is under 64 KiB
 * but for big GSO packets. The rest (a name first seen late in a long capture, a BIG TCP length)
 * are kept beside, by event index, and found by binary search: correct for any input, and cheap
 * while rare.
 */
import { GrowableColumn } from './growable-column';
import { lowerBound } from './sorted-search';

/** Stored value meaning "look it up among the large ones"; any other stored value is the value + 1. */
const LARGE = 0xffff;

export class SmallIntColumn {
  private readonly small = new GrowableColumn(Uint16Array);
  private readonly largeAt = new GrowableColumn(Uint32Array);
  private readonly largeValue = new GrowableColumn(Int32Array);

  get length(): number {
    return this.small.length;
  }

  get capacity(): number {
    return this.small.capacity;
  }

  reserve(needed: number): void {
    this.small.reserve(needed);
  }

  prepareStep(bytes: number): boolean {
    return this.small.prepareStep(bytes);
  }

  get(i: number): number {
    const stored = this.small.get(i);
    if (stored !== LARGE) return stored - 1;
    return this.largeValue.get(lowerBound(this.largeAt.view(), i));
  }

  pushAll(values: Int32Array): void {
    const first = this.small.length;
    const out = this.small.reserveRaw(values.length);
    for (let k = 0; k < values.length; k++) {
      const stored = (values[k] as number) + 1;
      if (stored >= 0 && stored < LARGE) {
        out[first + k] = stored;
      } else {
        out[first + k] = LARGE;
        this.largeAt.push(first + k);
        this.largeValue.push(values[k] as number);
      }
    }
    this.small.setLength(first + values.length);
  }

  /** Gives back the room kept for growth, `bytes` of the new buffer readied a call: true once done. */
  trimStep(bytes: number): boolean {
    if (!this.small.trimStep(bytes)) return false;
    this.largeAt.trim();
    this.largeValue.trim();
    return true;
  }
}
