/**
 * Each distinct string (event name, device, skbaddr, comm) is stored once and referred to by
 * index. New strings are handed on with each batch, so the reader's table grows in step.
 *
 * The parser interns straight from a range of the bytes it is reading: an open-addressing table
 * keyed by a hash of the characters (FNV-1a, which the parser's scanning loops compute as they go,
 * see hashStep), checked against a copy of each ASCII string's bytes, so a string already seen
 * (nearly all of them, in a trace) costs no allocation and no call into the engine. A string is
 * cut out of the bytes only the first time it is seen.
 */
const EMPTY = -1;
export const HASH_SEED = 0x811c9dc5 | 0;
/** Hashes are kept to 30 bits where they are stored: small integers, which V8 stores without allocating. */
export const HASH_MASK = 0x3fffffff;

/** One character into a running hash; `c` already lower-cased where the string is. */
export function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

export class StringInterner {
  private readonly strings: string[] = [];
  private hashes = new Int32Array(256);
  private slots = new Int32Array(256).fill(EMPTY);
  /** Per index, where its bytes start in `pool`, or EMPTY for a string beyond ASCII (never equal to bytes interned here). */
  private poolAt = new Int32Array(128);
  /** Per index, the string's length: read on every lookup, so not through the string itself. */
  private lengths = new Int32Array(128);
  private pool = new Uint8Array(4096);
  private poolUsed = 0;
  /**
   * The pool and the bytes last interned from, read four bytes at a time when comparing: a byte
   * at a time, comparing was most of interning's cost.
   */
  private poolView: DataView = new DataView(this.pool.buffer);
  private viewed: Uint8Array | null = null;
  private bytesView: DataView = this.poolView;
  private fresh: string[] = [];

  intern(s: string): number {
    let h = HASH_SEED;
    for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
    const hash = h & HASH_MASK;
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] as number;
      if (index === EMPTY) return this.add(slot, hash, s);
      if (this.hashes[slot] === hash && this.strings[index] === s) return index;
    }
  }

  /**
   * The index of the ASCII `bytes[start, end)`, lower-cased first when `lower` (for skbaddrs
   * printed in either case); `hash` is the caller's hashStep over them (folded when `lower`), masked.
   */
  internBytes(bytes: Uint8Array, start: number, end: number, hash: number, lower: boolean): number {
    const mask = this.slots.length - 1;
    const n = end - start;
    if (bytes !== this.viewed) {
      this.viewed = bytes;
      this.bytesView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] as number;
      if (index === EMPTY) {
        const s = asciiString(bytes, start, end);
        return this.add(slot, hash, lower ? s.toLowerCase() : s);
      }
      if (this.hashes[slot] === hash && this.lengths[index] === n && this.sameBytes(index, bytes, start, n, lower)) return index;
    }
  }

  /** Strings added since the last call, in index order. */
  takeNew(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  private sameBytes(index: number, bytes: Uint8Array, start: number, n: number, lower: boolean): boolean {
    const at = this.poolAt[index] as number;
    if (at === EMPTY) return false;
    const view = this.bytesView;
    const poolView = this.poolView;
    let k = 0;
    while (k + 4 <= n && view.getInt32(start + k) === poolView.getInt32(at + k)) k += 4;
    // Four bytes that differ may still match once lower-cased: from there, a byte at a time.
    if (k + 4 <= n && !lower) return false;
    const pool = this.pool;
    for (; k < n; k++) {
      const b = bytes[start + k] as number;
      // Kept lower-cased where `lower`: an upper-case byte is looked at twice, only then.
      if (pool[at + k] !== b && !(lower && pool[at + k] === lowered(b))) return false;
    }
    return true;
  }

  private add(slot: number, hash: number, s: string): number {
    const index = this.strings.length;
    this.strings.push(s);
    this.fresh.push(s);
    this.keepBytes(index, s);
    this.slots[slot] = index;
    this.hashes[slot] = hash;
    if (this.strings.length * 2 > this.slots.length) this.grow();
    return index;
  }

  private keepBytes(index: number, s: string): void {
    if (index >= this.poolAt.length) {
      this.poolAt = grown(this.poolAt, new Int32Array(this.poolAt.length * 2));
      this.lengths = grown(this.lengths, new Int32Array(this.lengths.length * 2));
    }
    this.lengths[index] = s.length;
    let ascii = true;
    for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 128;
    if (!ascii) {
      this.poolAt[index] = EMPTY;
      return;
    }
    let size = this.pool.length;
    while (this.poolUsed + s.length > size) size *= 2;
    if (size > this.pool.length) {
      this.pool = grown(this.pool, new Uint8Array(size));
      this.poolView = new DataView(this.pool.buffer);
    }
    for (let i = 0; i < s.length; i++) this.pool[this.poolUsed + i] = s.charCodeAt(i);
    this.poolAt[index] = this.poolUsed;
    this.poolUsed += s.length;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2).fill(EMPTY);
    this.hashes = new Int32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const index = oldSlots[i] as number;
      if (index === EMPTY) continue;
      const h = oldHashes[i] as number;
      let slot = h & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = index;
      this.hashes[slot] = h;
    }
  }
}

/** The string of ASCII bytes, spread a piece at a time: a hostile line's name could be longer than a call's arguments may be. */
function asciiString(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k += 4096) s += String.fromCharCode(...bytes.subarray(k, Math.min(end, k + 4096)));
  return s;
}

function lowered(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function grown<A extends Int32Array | Uint8Array>(old: A, next: A): A {
  next.set(old);
  return next;
}
