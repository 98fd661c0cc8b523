/**
 * Each distinct string (event name, device, skbaddr, comm) is stored once and referred to by
 * index. New strings are handed on with each batch, so the reader's table grows in step.
 *
 * The parser interns straight from a range of the text it is reading: an open-addressing table
 * keyed by a hash of the characters (FNV-1a, which the parser's scanning loops compute as they go,
 * see hashStep), checked with a native startsWith, so a string already seen (nearly all of them,
 * in a trace) costs no allocation and no second pass over its characters.
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
  private fresh: string[] = [];

  intern(s: string): number {
    return this.internRange(s, 0, s.length, false);
  }


  /** The index of `text[start, end)`, lower-cased first when `lower` (for skbaddrs printed in either case). */
  internRange(text: string, start: number, end: number, lower: boolean): number {
    let h = HASH_SEED;
    let wide = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      wide |= c;
      h = hashStep(h, foldChar(c, lower));
    }
    // Beyond ASCII, lower-casing is Unicode's: done on the string, then interned as it is.
    if (lower && wide > 127) {
      const lowered = text.slice(start, end).toLowerCase();
      return this.internRange(lowered, 0, lowered.length, false);
    }
    return this.internHashed(text, start, end, h & HASH_MASK, lower);
  }

  /**
   * internRange with the hash (masked with HASH_MASK) already computed by the caller's own pass over
   * the characters (ASCII-folded when `lower`; a caller that met characters beyond ASCII uses internRange).
   */
  internHashed(text: string, start: number, end: number, hash: number, lower: boolean): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] as number;
      if (index === EMPTY) return this.add(slot, hash, lower ? text.slice(start, end).toLowerCase() : text.slice(start, end));
      if (this.hashes[slot] !== hash) continue;
      const s = this.strings[index] as string;
      if (s.length === end - start && (text.startsWith(s, start) || (lower && sameFolded(s, text, start)))) return index;
    }
  }

  /** Strings added since the last call, in index order. */
  takeNew(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  private add(slot: number, hash: number, s: string): number {
    const index = this.strings.length;
    this.strings.push(s);
    this.fresh.push(s);
    this.slots[slot] = index;
    this.hashes[slot] = hash;
    if (this.strings.length * 2 > this.slots.length) this.grow();
    return index;
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

/** ASCII lower-casing, for ranges that are all ASCII. */
function foldChar(c: number, lower: boolean): number {
  return lower && c >= 65 && c <= 90 ? c + 32 : c;
}

function sameFolded(s: string, text: string, start: number): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== foldChar(text.charCodeAt(start + i), true)) return false;
  }
  return true;
}
