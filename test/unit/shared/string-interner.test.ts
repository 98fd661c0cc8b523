import { describe, expect, it } from 'vitest';
import { HASH_MASK, HASH_SEED, hashStep, StringInterner } from '../../../shared/trace/string-interner';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Interns `s` from the middle of a buffer (odd offset, so four-byte reads straddle words), with the hash given. */
function internAt(strings: StringInterner, s: string, hash: number, lower = false): number {
  const bytes = ascii(`##${s}###`);
  return strings.internBytes(bytes, 2, 2 + s.length, hash, lower);
}

/** The hash the parser's scanners compute as they read a string. */
function hashOf(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
  return h & HASH_MASK;
}

describe('interning straight from bytes', () => {
  it('tells apart strings whose hashes collide, wherever they differ', () => {
    const strings = new StringInterner();
    // Every string here gets the same hash, so only the comparison of bytes can tell them apart.
    const words = ['0xffff88810b474000', '0xffff88810b474001', '1xffff88810b474000', '0xffff88810b474', '0xffff88810b47400', 'eth0', 'eth1', 'et', ''];
    const indices = words.map((w) => internAt(strings, w, 7));
    expect(new Set(indices).size).toBe(words.length);
    expect(words.map((w) => internAt(strings, w, 7))).toEqual(indices);
    expect(strings.takeNew()).toEqual(words);
  });

  it('finds a lower-cased string from its upper-case bytes, and only then', () => {
    const strings = new StringInterner();
    const lower = internAt(strings, '0xffff88810b4a40e0', 3, true);
    expect(internAt(strings, '0xFFFF88810B4A40E0', 3, true)).toBe(lower);
    expect(internAt(strings, '0XFFFF88810b4a40E0', 3, true)).toBe(lower);
    expect(internAt(strings, '0xFFFF88810B4A40E0', 3, false)).not.toBe(lower);
    expect(strings.takeNew()).toEqual(['0xffff88810b4a40e0', '0xFFFF88810B4A40E0']);
  });

  it('gives a string the same index from bytes as from text, across table growth and new buffers', () => {
    const strings = new StringInterner();
    const names = Array.from({ length: 5000 }, (_, i) => `veth${i.toString(16)}`);
    const fromText = names.map((n) => strings.intern(n));
    expect(names.map((n) => internAt(strings, n, hashOf(n)))).toEqual(fromText);
    expect(strings.takeNew()).toEqual(names);
  });
});
