/**
 * The parser's fast path through an event's fields: finds the three it keeps (device, skbaddr,
 * len) in place, in the bytes of the line, without building a string per field. It takes the
 * regular shapes only, every field `key: value` (BTF) or every token `key=value` (libtraceevent);
 * anything else (escaped quotes, values with spaces, text that is not a field, a kept value beyond
 * ASCII) returns false, and forEachField decides, with the same rules for which value wins.
 */
import { NONE as importedNone } from './event-batch';
import { PERF_TRACE as importedPerfTrace } from './scan-event-line';

/** Copies of their own, as in scan-event-line: run unbundled, an imported binding is read through a getter at each use. */
const NONE = importedNone;
const PERF_TRACE = importedPerfTrace;

export class KeyFields {
  devStart = NONE;
  devEnd = NONE;
  skbStart = NONE;
  skbEnd = NONE;
  len = NONE;
}

/** What a key is to the parser. */
const OTHER = 0;
const DEV = 1;
const NAME = 2;
const SKBADDR = 3;
const LEN = 4;

/** Whether the value scanned last can be interned from its bytes: ASCII, as printed, nothing to unquote or trim. */
let valuePlain = true;

export function scanKeyFields(bytes: Uint8Array, start: number, end: number, layout: number, nameIsDevice: boolean, out: KeyFields): boolean {
  out.devStart = out.devEnd = out.skbStart = out.skbEnd = out.len = NONE;
  return layout === PERF_TRACE ? scanBtf(bytes, start, end, nameIsDevice, out) : scanKeyEquals(bytes, start, end, nameIsDevice, out);
}

/** `key: value, key: "quoted", key: {nested, values}`. */
function scanBtf(bytes: Uint8Array, start: number, end: number, nameIsDevice: boolean, out: KeyFields): boolean {
  let i = start;
  while (i < end) {
    while (i < end && bytes[i] === 32) i++;
    if (i >= end) return true;
    const keyStart = i;
    let keyEnd = i;
    while (keyEnd < end && isKeyChar(bytes[keyEnd] as number)) keyEnd++;
    if (keyEnd === i || keyEnd - i > 64 || bytes[keyEnd] !== 58 || keyEnd + 1 >= end || bytes[keyEnd + 1] !== 32) return false;
    const kind = keyKind(bytes, keyStart, keyEnd, nameIsDevice, out);
    let v = keyEnd + 2;
    let valueStart: number;
    let valueEnd: number;
    if (bytes[v] === 34 /* " */) {
      valueStart = v + 1;
      v = quotedEnd(bytes, valueStart, end);
      if (v < 0) return false;
      valueEnd = v;
      i = v + 1;
    } else {
      const stop = unquotedEnd(bytes, v, end);
      if (stop < 0) return false;
      i = stop;
      while (v < stop && isAsciiSpace(bytes[v] as number)) v++;
      let e = stop;
      while (e > v && isAsciiSpace(bytes[e - 1] as number)) e--;
      // trim() would also take spaces beyond ASCII.
      if (e > v && ((bytes[v] as number) > 126 || (bytes[e - 1] as number) > 126)) return false;
      // A kept value is interned as printed: one with spaces around it goes the slow way.
      if (v !== keyEnd + 2 || e !== stop) valuePlain = false;
      valueStart = v;
      valueEnd = e;
    }
    if (kind !== OTHER && !keep(bytes, kind, valueStart, valueEnd, out)) return false;
    if (i >= end) return true;
    if (bytes[i] !== 44 /* , */ || i + 1 >= end || bytes[i + 1] !== 32) return false;
    i += 2;
  }
  return true;
}

/** The index of the closing quote of a value starting at `start`; -1 at an escape or no closing quote. */
function quotedEnd(bytes: Uint8Array, start: number, end: number): number {
  let v = start;
  let wide = 0;
  for (let c = bytes[v] as number; v < end && c !== 34; c = bytes[++v] as number) {
    if (c === 92 /* \ */) return -1;
    wide |= c;
  }
  valuePlain = wide <= 127;
  return v < end ? v : -1;
}

/**
 * Where an unquoted BTF value ends: the next `, ` outside braces, brackets and quotes; -1 where a
 * quote inside is escaped or open.
 */
function unquotedEnd(bytes: Uint8Array, start: number, end: number): number {
  let plain = true;
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    // Digits and lower-case letters, nearly every byte of a value, need no closer look.
    if ((c - 48) >>> 0 < 10 || (c - 97) >>> 0 < 26) continue;
    if (c === 44) {
      if (depth === 0 && i + 1 < end && bytes[i + 1] === 32) {
        valuePlain = plain;
        return i;
      }
    } else if (c === 123 || c === 91 || c === 40) depth++;
    else if (c === 125 || c === 93 || c === 41) {
      if (depth > 0) depth--;
    } else if (c === 34) {
      i++;
      while (i < end && bytes[i] !== 34) {
        if (bytes[i] === 92) return -1;
        i++;
      }
      if (i >= end) return -1;
      // A quoted part is unquoted by the slow path: such a value is interned the long way.
      plain = false;
    } else if (c > 127) plain = false;
  }
  valuePlain = plain;
  return end;
}

/** `key=value key=value`, every token a field. */
function scanKeyEquals(bytes: Uint8Array, start: number, end: number, nameIsDevice: boolean, out: KeyFields): boolean {
  let i = start;
  while (i < end) {
    while (i < end && bytes[i] === 32) i++;
    if (i >= end) return true;
    const keyStart = i;
    while (i < end && isKeyChar(bytes[i] as number)) i++;
    if (i === keyStart || i - keyStart > 64 || bytes[i] !== 61 /* = */) return false;
    const kind = keyKind(bytes, keyStart, i, nameIsDevice, out);
    const valueStart = ++i;
    if (kind === OTHER) {
      while (i < end && bytes[i] !== 32) i++;
      continue;
    }
    let wide = 0;
    for (let c = bytes[i] as number; i < end && c !== 32; c = bytes[++i] as number) wide |= c;
    valuePlain = wide <= 127;
    if (!keep(bytes, kind, valueStart, i, out)) return false;
  }
  return true;
}

/**
 * Which kept field a key names, with the parser's rules: `dev` always, `name` for net: events
 * until a device is known, skbaddr and len (the last of each wins).
 */
function keyKind(bytes: Uint8Array, start: number, end: number, nameIsDevice: boolean, out: KeyFields): number {
  const n = end - start;
  if (n !== 3 && n !== 4 && n !== 7) return OTHER;
  const head = packed(bytes, start, n < 4 ? n : 4);
  if (n === 3) return head === DEV_KEY ? DEV : head === LEN_KEY ? LEN : OTHER;
  if (n === 4) return head === NAME_KEY && nameIsDevice && out.devStart === NONE ? NAME : OTHER;
  return head === SKBA_KEY && packed(bytes, start + 4, 3) === DDR_KEY ? SKBADDR : OTHER;
}

/**
 * Up to four bytes as one number, so a key is told by a comparison or two. Kept short: the
 * scanners are compiled with their helpers inlined only while those stay small.
 */
function packed(bytes: Uint8Array, start: number, n: number): number {
  let v = 0;
  for (let k = start + n - 1; k >= start; k--) v = (v << 8) | (bytes[k] as number);
  return v;
}

/** packed() of an ASCII string's bytes. */
function packedKey(key: string): number {
  let v = 0;
  for (let k = key.length - 1; k >= 0; k--) v = (v << 8) | key.charCodeAt(k);
  return v;
}

const DEV_KEY = packedKey('dev');
const LEN_KEY = packedKey('len');
const NAME_KEY = packedKey('name');
const SKBA_KEY = packedKey('skba');
const DDR_KEY = packedKey('ddr');

/** Notes a kept field's value; false where the slow path must read it (a len it cannot judge, a name not interned from bytes). */
function keep(bytes: Uint8Array, kind: number, valueStart: number, valueEnd: number, out: KeyFields): boolean {
  if (kind === LEN) {
    const len = intValue(bytes, valueStart, valueEnd);
    if (len === UNSURE) return false;
    out.len = len;
    return true;
  }
  if (valueEnd === valueStart) return true;
  if (!valuePlain) return false;
  if (kind === SKBADDR) {
    out.skbStart = valueStart;
    out.skbEnd = valueEnd;
  } else {
    out.devStart = valueStart;
    out.devEnd = valueEnd;
  }
  return true;
}

/** Not a number this path can judge: parseInt32 trims spaces, which may stand at a value's edge here. */
const UNSURE = -(2 ** 40);

/**
 * parseInt32 on a range. Plain digits, nearly every len, are read here, the rest (sign, hex, spaces
 * at the edges) apart: kept small, this is inlined into the field scanners with their other helpers.
 */
function intValue(bytes: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = (bytes[i] as number) - 48;
    if (d >>> 0 > 9) return signedOrHexValue(bytes, start, end);
    v = v * 10 + d;
  }
  return end > start && v <= 0x7fff_ffff ? v : NONE;
}

/** parseInt32 on a range: decimal, negative, or 0x hex, in 32 bits; NONE otherwise. */
function signedOrHexValue(bytes: Uint8Array, start: number, end: number): number {
  if (end > start) {
    const edge = bytes[start] as number;
    const last = bytes[end - 1] as number;
    if ((notDigitOrSign(edge) || notDigitOrSign(last)) && (isAsciiSpace(edge) || isAsciiSpace(last) || edge > 126 || last > 126)) return UNSURE;
  }
  let v = 0;
  let i = start;
  if (end - start > 2 && bytes[i] === 48 && ((bytes[i + 1] as number) | 32) === 120 /* x */) {
    for (i += 2; i < end; i++) {
      const h = hexDigit(bytes[i] as number);
      if (h < 0) return NONE;
      v = v * 16 + h;
    }
    return v <= 0x7fff_ffff ? v : NONE;
  }
  const negative = bytes[i] === 45;
  if (negative) i++;
  if (i >= end) return NONE;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c < 48 || c > 57) return NONE;
    v = v * 10 + c - 48;
  }
  if (negative) v = -v;
  return v >= -0x8000_0000 && v <= 0x7fff_ffff ? v : NONE;
}

function notDigitOrSign(c: number): boolean {
  return !(c >= 48 && c <= 57) && c !== 45;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** forEachField's key characters: letters, digits, `_`, `.`, `[`, `]`. */
function isKeyChar(c: number): boolean {
  // `c | 32` lower-cases a letter (and nothing else into a-z); each range is one unsigned comparison.
  return ((c | 32) - 97) >>> 0 < 26 || (c - 48) >>> 0 < 10 || c === 95 || c === 46 || c === 91 || c === 93;
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
