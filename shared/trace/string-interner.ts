/**
 * Each distinct string (event name, device, skbaddr, comm) is stored once and referred to by
 * index. New strings are handed on with each batch, so the reader's table grows in step.
 *
 * The parser interns straight from a range of the bytes it is reading (see ByteKeys): a string
 * already seen, nearly all of them in a trace, costs no allocation; a string is cut out of the
 * bytes only the first time it is seen. Strings beyond ASCII, which only the slow path interns and
 * which never equal bytes interned here, are kept in a map of their own.
 */
import { ByteKeys } from './byte-keys';

export class StringInterner {
  private count = 0;
  /** ASCII strings by their bytes, each to its index. */
  private readonly ascii = new ByteKeys();
  private readonly wide = new Map<string, number>();
  private fresh: string[] = [];

  intern(s: string): number {
    if (!isAscii(s)) {
      let index = this.wide.get(s);
      if (index === undefined) this.wide.set(s, (index = this.add(s)));
      return index;
    }
    const index = this.ascii.findText(s);
    if (index >= 0) return index;
    const added = this.add(s);
    this.ascii.addText(s, added);
    return added;
  }

  /** The index of the ASCII `bytes[start, end)`, lower-cased first when `lower` (for skbaddrs printed in either case). */
  internBytes(bytes: Uint8Array, start: number, end: number, lower: boolean): number {
    const index = this.ascii.find(bytes, start, end, lower);
    if (index >= 0) return index;
    const s = asciiString(bytes, start, end);
    const added = this.add(lower ? s.toLowerCase() : s);
    this.ascii.add(bytes, start, end, lower, added);
    return added;
  }

  /** Strings added since the last call, in index order. */
  takeNew(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  private add(s: string): number {
    this.fresh.push(s);
    return this.count++;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** The string of ASCII bytes, spread a piece at a time: a hostile line's name could be longer than a call's arguments may be. */
function asciiString(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k += 4096) s += String.fromCharCode(...bytes.subarray(k, Math.min(end, k + 4096)));
  return s;
}
