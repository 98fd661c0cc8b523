/**
 * A map from runs of bytes to numbers, looked up straight from the bytes being read: an
 * open-addressing table keyed by a hash of the bytes taken four at a time (see wordHash), checked
 * against a copy of each key, so a key already seen costs no allocation and no call into the
 * engine. The string interner keeps its ASCII strings here, and the parser its line tails.
 *
 * A key can also be given as text of ASCII characters: the same key as those bytes.
 */
/** What find and findText give for a key they do not hold; a value is not negative. */
const NOT_FOUND = -1;
const EMPTY = -1;
/** Hashes are kept to 30 bits where they are stored: small integers, which V8 stores without allocating. */
const HASH_MASK = 0x3fffffff;

export class ByteKeys {
  /** Keys held. */
  size = 0;
  /** Bytes the keys take. */
  bytes = 0;
  private hashes = new Int32Array(256);
  /** Per slot, the key's number (its order of adding), or EMPTY. */
  private slots = new Int32Array(256).fill(EMPTY);
  /** Per key: its value, where its bytes start in `pool`, and its length (read on every lookup). */
  private values = new Int32Array(128);
  private keyAt = new Int32Array(128);
  private keyLength = new Int32Array(128);
  private pool = new Uint8Array(4096);
  /** The pool and the bytes last looked up in, read four bytes at a time when hashing and comparing. */
  private poolView = new DataView(this.pool.buffer);
  private viewed: Uint8Array | null = null;
  private bytesView: DataView = this.poolView;
  /** Where the key last looked for and not found goes, for the add that follows. */
  private missHash = 0;
  private missSlot = 0;

  /** The value of `bytes[start, end)`, lower-cased first where `lower` (ASCII capitals only), or NOT_FOUND (negative). */
  find(bytes: Uint8Array, start: number, end: number, lower: boolean): number {
    this.view(bytes);
    const n = end - start;
    const hash = n < 4 ? shortHash(bytes, start, n, lower) : wordHash(this.bytesView, start, n, lower);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.slots[slot] as number;
      if (key === EMPTY) return this.missed(slot, hash);
      if (this.hashes[slot] === hash && this.keyLength[key] === n && this.sameBytes(key, bytes, start, n, lower)) return this.values[key] as number;
    }
  }

  /** Whether key number `key` (the order it was added in, from 0) is `bytes[start, end)`: a comparison, without hashing. */
  holds(key: number, bytes: Uint8Array, start: number, end: number): boolean {
    this.view(bytes);
    return this.keyLength[key] === end - start && this.sameBytes(key, bytes, start, end - start, false);
  }

  /** The value of the key whose bytes are `text`'s characters (ASCII), or NOT_FOUND (negative). */
  findText(text: string): number {
    const hash = textHash(text);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.slots[slot] as number;
      if (key === EMPTY) return this.missed(slot, hash);
      if (this.hashes[slot] === hash && this.keyLength[key] === text.length && this.sameText(key, text)) return this.values[key] as number;
    }
  }

  /** Adds the key that find has just not found, `bytes[start, end)` as it looked for them, with `value` (not negative). */
  add(bytes: Uint8Array, start: number, end: number, lower: boolean, value: number): void {
    const at = this.room(end - start);
    for (let k = start; k < end; k++) this.pool[at + k - start] = lower ? lowered(bytes[k] as number) : (bytes[k] as number);
    this.put(at, end - start, value);
  }

  /** Adds the key that findText has just not found, `text`, with `value`. */
  addText(text: string, value: number): void {
    const at = this.room(text.length);
    for (let k = 0; k < text.length; k++) this.pool[at + k] = text.charCodeAt(k);
    this.put(at, text.length, value);
  }

  clear(): void {
    this.slots.fill(EMPTY);
    this.size = 0;
    this.bytes = 0;
  }

  private view(bytes: Uint8Array): void {
    if (bytes !== this.viewed) {
      this.viewed = bytes;
      this.bytesView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }

  private missed(slot: number, hash: number): number {
    this.missSlot = slot;
    this.missHash = hash;
    return NOT_FOUND;
  }

  /** Where n more bytes go in the pool, grown to hold them. */
  private room(n: number): number {
    let size = this.pool.length;
    while (this.bytes + n > size) size *= 2;
    if (size > this.pool.length) {
      this.pool = grown(this.pool, new Uint8Array(size));
      this.poolView = new DataView(this.pool.buffer);
    }
    return this.bytes;
  }

  /** Files the key at `at` in the pool, n bytes long, in the slot its miss found. */
  private put(at: number, n: number, value: number): void {
    const key = this.size++;
    if (key === this.values.length) {
      this.values = grown(this.values, new Int32Array(key * 2));
      this.keyAt = grown(this.keyAt, new Int32Array(key * 2));
      this.keyLength = grown(this.keyLength, new Int32Array(key * 2));
    }
    this.values[key] = value;
    this.keyAt[key] = at;
    this.keyLength[key] = n;
    this.bytes += n;
    this.slots[this.missSlot] = key;
    this.hashes[this.missSlot] = this.missHash;
    if (this.size * 2 > this.slots.length) this.grow();
  }

  /** Whether key `key` is `bytes[start, start + n)`, lower-cased where `lower`. */
  private sameBytes(key: number, bytes: Uint8Array, start: number, n: number, lower: boolean): boolean {
    const at = this.keyAt[key] as number;
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

  private sameText(key: number, text: string): boolean {
    const at = this.keyAt[key] as number;
    for (let k = 0; k < text.length; k++) if (this.pool[at + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2).fill(EMPTY);
    this.hashes = new Int32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const key = oldSlots[i] as number;
      if (key === EMPTY) continue;
      const h = oldHashes[i] as number;
      let slot = h & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = key;
      this.hashes[slot] = h;
    }
  }
}

/**
 * The hash of a key of n characters, read as words of four (the first character in the low byte,
 * as a little-endian read of its bytes gives them): the words at 0, 4, 8, … and, where n is not a
 * multiple of four, the last four characters again, overlapping. Under four characters, one word
 * of them. Seeded with n, so the overlap cannot make two lengths alike.
 */
function textHash(s: string): number {
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

/** textHash of the n ≥ 4 bytes from `start`, lower-cased first where `lower`. */
function wordHash(view: DataView, start: number, n: number, lower: boolean): number {
  let h = n;
  for (let k = 0; ; k += 4) {
    if (k > n - 4) k = n - 4;
    const w = view.getInt32(start + k, true);
    h = mix(h, lower ? lowerWord(w) : w);
    if (k === n - 4) return finish(h);
  }
}

/** textHash of fewer than four bytes, lower-cased first where `lower`. */
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

function lowered(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function grown<A extends Int32Array | Uint8Array>(old: A, next: A): A {
  next.set(old);
  return next;
}
