/**
 * Each distinct string (event name, device, skbaddr, comm) is stored once and referred to by
 * index. New strings are handed on with each batch, so the reader's table grows in step.
 *
 * The parser interns straight from a range of the bytes it is reading: an open-addressing table
 * keyed by a hash of the characters taken four at a time (see wordHash), checked against a copy of
 * each ASCII string's bytes, so a string already seen (nearly all of them, in a trace) costs no
 * allocation and no call into the engine. A string is cut out of the bytes only the first time it
 * is seen. Four bytes a step rather than one: a hash of one byte a step was the scanners' slowest
 * loop-carried work.
 */
const EMPTY = -1;
/** Hashes are kept to 30 bits where they are stored: small integers, which V8 stores without allocating. */
const HASH_MASK = 0x3fffffff;

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
  /** The pool and the bytes last interned from, read four bytes at a time when hashing and comparing. */
  private poolView: DataView = new DataView(this.pool.buffer);
  private viewed: Uint8Array | null = null;
  private bytesView: DataView = this.poolView;
  private fresh: string[] = [];

  intern(s: string): number {
    const hash = stringHash(s);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] as number;
      if (index === EMPTY) return this.add(slot, hash, s);
      if (this.hashes[slot] === hash && this.strings[index] === s) return index;
    }
  }

  /** The index of the ASCII `bytes[start, end)`, lower-cased first when `lower` (for skbaddrs printed in either case). */
  internBytes(bytes: Uint8Array, start: number, end: number, lower: boolean): number {
    if (bytes !== this.viewed) {
      this.viewed = bytes;
      this.bytesView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const view = this.bytesView;
    const n = end - start;
    const hash = n < 4 ? shortHash(bytes, start, n, lower) : wordHash(view, start, n, lower);
    const mask = this.slots.length - 1;
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

  /** Whether string `index` is `bytes[start, start + n)`, lower-cased where `lower`. */
  private sameBytes(index: number, bytes: Uint8Array, start: number, n: number, lower: boolean): boolean {
    const at = this.poolAt[index] as number;
    if (at === EMPTY) return false;
    if (n < 4) {
      for (let k = 0; k < n; k++) if (this.pool[at + k] !== (lower ? lowered(bytes[start + k] as number) : bytes[start + k])) return false;
      return true;
    }
    const view = this.bytesView;
    const poolView = this.poolView;
    // Four bytes at a time, the last four overlapping the ones before where n is not a multiple of four.
    for (let k = 0; ; k += 4) {
      if (k > n - 4) k = n - 4;
      const w = view.getInt32(start + k, true);
      if ((lower ? lowerWord(w) : w) !== poolView.getInt32(at + k, true)) return false;
      if (k === n - 4) return true;
    }
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

/**
 * The hash of a string of n characters, read as words of four (the first character in the low
 * byte, as a little-endian read of its bytes gives them): the words at 0, 4, 8, … and, where n is
 * not a multiple of four, the last four characters again, overlapping. Under four characters, one
 * word of them. Seeded with n, so the overlap cannot make two lengths alike.
 */
function stringHash(s: string): number {
  const n = s.length;
  if (n < 4) {
    let w = 0;
    for (let k = n - 1; k >= 0; k--) w = (w << 8) | s.charCodeAt(k);
    return finish(mix(n, w));
  }
  let h = n;
  for (let k = 0; ; k += 4) {
    if (k > n - 4) k = n - 4;
    h = mix(h, s.charCodeAt(k) | (s.charCodeAt(k + 1) << 8) | (s.charCodeAt(k + 2) << 16) | (s.charCodeAt(k + 3) << 24));
    if (k === n - 4) return finish(h);
  }
}

/** stringHash of the n ≥ 4 ASCII bytes from `start`, lower-cased first where `lower`. */
function wordHash(view: DataView, start: number, n: number, lower: boolean): number {
  let h = n;
  for (let k = 0; ; k += 4) {
    if (k > n - 4) k = n - 4;
    const w = view.getInt32(start + k, true);
    h = mix(h, lower ? lowerWord(w) : w);
    if (k === n - 4) return finish(h);
  }
}

/** stringHash of fewer than four ASCII bytes, lower-cased first where `lower`. */
function shortHash(bytes: Uint8Array, start: number, n: number, lower: boolean): number {
  let w = 0;
  for (let k = n - 1; k >= 0; k--) w = (w << 8) | (bytes[start + k] as number);
  return finish(mix(n, lower ? lowerWord(w) : w));
}

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** Spreads every bit of the state into the low bits the table is indexed by. */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) & HASH_MASK;
}

/**
 * The four bytes of `w` with ASCII capitals lower-cased, all at once: adding 0x3f to a byte's low
 * seven bits sets its top bit from `A` up, adding 0x25 from past `Z` up; no byte carries into the
 * next. Bytes beyond ASCII (top bit set) are left as they are.
 */
function lowerWord(w: number): number {
  const low7 = w & 0x7f7f7f7f;
  const capital = (low7 + 0x3f3f3f3f) & ~(low7 + 0x25252525) & ~w & 0x80808080;
  return w | (capital >>> 2);
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
