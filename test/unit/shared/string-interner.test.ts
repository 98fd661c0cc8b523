import { describe, expect, it } from 'vitest';
import { StringInterner } from '../../../shared/trace/string-interner';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Interns `s` from the middle of a buffer (odd offset, so four-byte reads straddle words). */
function internAt(strings: StringInterner, s: string, lower = false): number {
  const bytes = ascii(`##${s}###`);
  return strings.internBytes(bytes, 2, 2 + s.length, lower);
}

describe('interning straight from bytes', () => {
  it('tells apart strings that differ in one byte, wherever it is, and strings that differ in length only', () => {
    const strings = new StringInterner();
    const base = '0xffff88810b474000eth0veth3f1c2a';
    const words = [''];
    for (let n = 1; n <= base.length; n++) {
      words.push(base.slice(0, n));
      // The same length, one byte changed: first, last and every one between.
      for (let k = 0; k < n; k++) words.push(`${base.slice(0, k)}#${base.slice(k + 1, n)}`);
    }
    const indices = words.map((w) => internAt(strings, w));
    expect(new Set(indices).size).toBe(words.length);
    expect(words.map((w) => internAt(strings, w))).toEqual(indices);
    expect(strings.takeNew()).toEqual(words);
  });

  it('finds a lower-cased string from its upper-case bytes, and only then', () => {
    const strings = new StringInterner();
    const lower = internAt(strings, '0xffff88810b4a40e0', true);
    expect(internAt(strings, '0xFFFF88810B4A40E0', true)).toBe(lower);
    expect(internAt(strings, '0XFFFF88810b4a40E0', true)).toBe(lower);
    expect(internAt(strings, '0xFFFF88810B4A40E0', false)).not.toBe(lower);
    // Short ones too, and bytes next to the capitals (@ [ ` {) are not folded.
    const ab = internAt(strings, 'AB', true);
    expect(internAt(strings, 'ab', true)).toBe(ab);
    expect(internAt(strings, '@[`{', true)).not.toBe(internAt(strings, '`{@[', true));
    expect(strings.takeNew()).toEqual(['0xffff88810b4a40e0', '0xFFFF88810B4A40E0', 'ab', '@[`{', '`{@[']);
  });

  it('gives a lower-cased string the index it has as text, upper-case bytes or not', () => {
    const strings = new StringInterner();
    const fromText = ['0xabc', 'a', '0xffff88810b4a40e0'].map((s) => strings.intern(s));
    expect(['0XABC', 'A', '0xFFFF88810B4A40E0'].map((s) => internAt(strings, s, true))).toEqual(fromText);
    // Text that is not lower-case is not what upper-case bytes are looked up as.
    const upper = strings.intern('0xDEF');
    expect(internAt(strings, '0xDEF', true)).not.toBe(upper);
  });

  it('gives a string the same index from bytes as from text, across table growth and new buffers', () => {
    const strings = new StringInterner();
    const names = Array.from({ length: 5000 }, (_, i) => `veth${i.toString(16)}`);
    const fromText = names.map((n) => strings.intern(n));
    expect(names.map((n) => internAt(strings, n))).toEqual(fromText);
    expect(strings.takeNew()).toEqual(names);
  });
});
