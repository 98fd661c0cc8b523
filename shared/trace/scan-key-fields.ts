/**
 * The parser's fast path through an event's fields: finds the three it keeps (device, skbaddr,
 * len) in place, without building a string per field. It takes the regular shapes only, every
 * field `key: value` (BTF) or every token `key=value` (libtraceevent); anything else (escaped
 * quotes, values with spaces, text that is not a field) returns false, and forEachField decides,
 * with the same rules for which value wins.
 */
import { NONE } from './event-batch';
import { PERF_TRACE } from './scan-event-line';
import { HASH_MASK, HASH_SEED, hashStep } from './string-interner';

export class KeyFields {
  devStart = NONE;
  devEnd = NONE;
  skbStart = NONE;
  skbEnd = NONE;
  /** The interner's hashes of the two values (skbaddr's lower-cased), or NONE where the scan could not tell. */
  devHash = NONE;
  skbHash = NONE;
  len = NONE;
}

/** The value scanned last: its hash as it is and lower-cased, or NONE beyond ASCII. */
let valueHash = NONE;
let valueLowerHash = NONE;

export function scanKeyFields(text: string, start: number, end: number, layout: number, nameIsDevice: boolean, out: KeyFields): boolean {
  out.devStart = out.devEnd = out.skbStart = out.skbEnd = out.len = NONE;
  return layout === PERF_TRACE ? scanBtf(text, start, end, nameIsDevice, out) : scanKeyEquals(text, start, end, nameIsDevice, out);
}

/** `key: value, key: "quoted", key: {nested, values}`. */
function scanBtf(text: string, start: number, end: number, nameIsDevice: boolean, out: KeyFields): boolean {
  let i = start;
  while (i < end) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i >= end) return true;
    const keyStart = i;
    let keyEnd = i;
    while (keyEnd < end && isKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
    if (keyEnd === i || keyEnd - i > 64 || text.charCodeAt(keyEnd) !== 58 || keyEnd + 1 >= end || text.charCodeAt(keyEnd + 1) !== 32) return false;
    let v = keyEnd + 2;
    let valueStart: number;
    let valueEnd: number;
    if (text.charCodeAt(v) === 34 /* " */) {
      valueStart = v + 1;
      v = valueStart;
      let h = HASH_SEED;
      let hl = HASH_SEED;
      let wide = 0;
      for (let c = text.charCodeAt(v); v < end && c !== 34; c = text.charCodeAt(++v)) {
        if (c === 92 /* \ */) return false;
        wide |= c;
        h = hashStep(h, c);
        hl = hashStep(hl, lowered(c));
      }
      if (v >= end) return false;
      valueHash = wide > 127 ? NONE : h & HASH_MASK;
      valueLowerHash = wide > 127 ? NONE : hl & HASH_MASK;
      valueEnd = v;
      i = v + 1;
    } else {
      const stop = unquotedEnd(text, v, end);
      if (stop < 0) return false;
      i = stop;
      while (v < stop && isAsciiSpace(text.charCodeAt(v))) v++;
      let e = stop;
      while (e > v && isAsciiSpace(text.charCodeAt(e - 1))) e--;
      // trim() would also take spaces beyond ASCII.
      if (e > v && (text.charCodeAt(v) > 126 || text.charCodeAt(e - 1) > 126)) return false;
      if (v !== keyEnd + 2 || e !== stop) valueHash = valueLowerHash = NONE;
      valueStart = v;
      valueEnd = e;
    }
    if (!keep(text, keyStart, keyEnd, valueStart, valueEnd, nameIsDevice, out)) return false;
    if (i >= end) return true;
    if (text.charCodeAt(i) !== 44 /* , */ || i + 1 >= end || text.charCodeAt(i + 1) !== 32) return false;
    i += 2;
  }
  return true;
}

/**
 * Where an unquoted BTF value ends: the next `, ` outside braces, brackets and quotes; -1 where a
 * quote inside is escaped or open. Hashes what it passes (valueHash), for a value interned as it is.
 */
function unquotedEnd(text: string, start: number, end: number): number {
  let depth = 0;
  let h = HASH_SEED;
  let hl = HASH_SEED;
  let wide = 0;
  valueHash = valueLowerHash = NONE;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 && depth === 0 && i + 1 < end && text.charCodeAt(i + 1) === 32) {
      if (wide < 128) {
        valueHash = h & HASH_MASK;
        valueLowerHash = hl & HASH_MASK;
      }
      return i;
    }
    wide |= c;
    h = hashStep(h, c);
    hl = hashStep(hl, lowered(c));
    if (c === 123 || c === 91 || c === 40) depth++;
    else if ((c === 125 || c === 93 || c === 41) && depth > 0) depth--;
    else if (c === 34) {
      i++;
      while (i < end && text.charCodeAt(i) !== 34) {
        if (text.charCodeAt(i) === 92) return -1;
        i++;
      }
      if (i >= end) return -1;
      // The quoted part is in the value but not in the hashes: such a value is interned the long way.
      wide = 0xffff;
    }
  }
  if (wide < 128) {
    valueHash = h & HASH_MASK;
    valueLowerHash = hl & HASH_MASK;
  }
  return end;
}

/** `key=value key=value`, every token a field. */
function scanKeyEquals(text: string, start: number, end: number, nameIsDevice: boolean, out: KeyFields): boolean {
  let i = start;
  while (i < end) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i >= end) return true;
    const keyStart = i;
    while (i < end && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || i - keyStart > 64 || text.charCodeAt(i) !== 61 /* = */) return false;
    const keyEnd = i;
    const valueStart = i + 1;
    i = valueStart;
    let h = HASH_SEED;
    let hl = HASH_SEED;
    let wide = 0;
    for (let c = text.charCodeAt(i); i < end && c !== 32; c = text.charCodeAt(++i)) {
      wide |= c;
      h = hashStep(h, c);
      hl = hashStep(hl, lowered(c));
    }
    valueHash = wide > 127 ? NONE : h & HASH_MASK;
    valueLowerHash = wide > 127 ? NONE : hl & HASH_MASK;
    if (!keep(text, keyStart, keyEnd, valueStart, i, nameIsDevice, out)) return false;
  }
  return true;
}

/**
 * Notes a field the parser keeps, with the parser's rules: `dev` always, `name` for net: events
 * until a device is known, the last skbaddr and len. False where the slow path must read the len.
 */
function keep(text: string, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, nameIsDevice: boolean, out: KeyFields): boolean {
  const n = keyEnd - keyStart;
  if (n === 3) {
    if (is(text, keyStart, 'dev')) {
      if (valueEnd > valueStart) {
        out.devStart = valueStart;
        out.devEnd = valueEnd;
        out.devHash = valueHash;
      }
    } else if (is(text, keyStart, 'len')) {
      const len = intValue(text, valueStart, valueEnd);
      if (len === UNSURE) return false;
      out.len = len;
    }
  } else if (n === 4) {
    if (nameIsDevice && out.devStart === NONE && is(text, keyStart, 'name') && valueEnd > valueStart) {
      out.devStart = valueStart;
      out.devEnd = valueEnd;
      out.devHash = valueHash;
    }
  } else if (n === 7 && is(text, keyStart, 'skbaddr') && valueEnd > valueStart) {
    out.skbStart = valueStart;
    out.skbEnd = valueEnd;
    out.skbHash = valueLowerHash;
  }
  return true;
}

/** Not a number this path can judge: parseInt32 trims spaces, which may stand at a value's edge here. */
const UNSURE = -(2 ** 40);

/** parseInt32 on a range: decimal, negative, or 0x hex, in 32 bits; NONE otherwise. */
function intValue(text: string, start: number, end: number): number {
  if (end > start && (notDigitOrSign(text.charCodeAt(start)) || notDigitOrSign(text.charCodeAt(end - 1)))) {
    const edge = text.charCodeAt(start);
    const last = text.charCodeAt(end - 1);
    if (isAsciiSpace(edge) || isAsciiSpace(last) || edge > 126 || last > 126) return UNSURE;
  }
  let v = 0;
  let i = start;
  if (end - start > 2 && text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 32) === 120 /* x */) {
    for (i += 2; i < end; i++) {
      const h = hexDigit(text.charCodeAt(i));
      if (h < 0) return NONE;
      v = v * 16 + h;
    }
    return v <= 0x7fff_ffff ? v : NONE;
  }
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  if (i >= end) return NONE;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
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

function is(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** forEachField's key characters: letters, digits, `_`, `.`, `[`, `]`. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 91 || c === 93;
}

function lowered(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
