/**
 * The parser's fast path: reads an event line in place, byte by byte (the parser holds the text as
 * UTF-8, see Utf8Window), into ranges of it (no regex, no substring), for the shapes perf prints
 * nearly every line in. It answers only when it is sure: anything unusual (a timestamp too long to
 * convert exactly, characters beyond ASCII where the grammar cares about spaces or where a name
 * would be interned, a line that is not an event) returns false, and the line goes through
 * parseLine, whose regexes define the grammar. So both paths always agree. Bytes beyond ASCII
 * (0x80 and up) never equal an ASCII character, as UTF-16 units beyond it never do.
 */
import { NONE as importedNone } from './event-batch';

/**
 * A copy of its own: run unbundled (tsx, as the benchmarks are), each use of an imported binding
 * is a read through a getter, and these scanners use it on every line.
 */
const NONE = importedNone;

/** Indices into LAYOUTS. */
export const PERF_TRACE = 0;
export const PERF_TRACE_LIBTRACEEVENT = 1;
export const PERF_TRACE_LEGACY = 2;
export const PERF_SCRIPT = 3;

/** Where the parts of one event line are; one object, reused for every line. */
export class ScannedLine {
  layout = PERF_TRACE;
  timeUs = 0;
  eventStart = 0;
  eventEnd = 0;
  /** NONE when the line names no command. */
  commStart = NONE;
  commEnd = NONE;
  pid = NONE;
  cpu = NONE;
  fieldsStart = 0;
  fieldsEnd = 0;
  /** Where the line's tail starts: see scanLineHead. */
  tailStart = 0;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Digits converted exactly by accumulation: up to 15, well inside 2^53. */
const MAX_DIGITS = 15;
/** A scan's answer: this shape does not fit here (try the next), or the slow path must decide. */
const NO_MATCH = -1;
const UNSURE = -2;

/** Reads `bytes[start, end)` (no line terminator) into `out`; false when the slow path must decide. */
export function scanEventLine(bytes: Uint8Array, start: number, end: number, out: ScannedLine): boolean {
  const i = firstNonBlank(bytes, start, end);
  const layout = layoutAt(bytes, i, end);
  if (layout === PERF_TRACE) {
    const p = perfTraceHead(bytes, i, end, out);
    return p >= 0 && scanPerfTraceTail(bytes, p, end, out);
  }
  return layout === PERF_SCRIPT && scanPerfScript(bytes, i, end, out, true) !== NONE;
}

/**
 * The line up to its tail: the part before which the time is (perf trace's blanks and time; perf
 * script's comm, pid, CPU and time, for the first way of reading them). Everything scanEventLine
 * reads from the tail on depends on the tail's bytes alone, so a line whose tail is the same as an
 * earlier line's, where that earlier line's tail started there too, reads the same from there.
 * Fills what the head holds into `out` and returns where the tail starts, or NONE.
 */
export function scanLineHead(bytes: Uint8Array, start: number, end: number, out: ScannedLine): number {
  const i = firstNonBlank(bytes, start, end);
  const layout = layoutAt(bytes, i, end);
  if (layout === PERF_TRACE) {
    const p = perfTraceHead(bytes, i, end, out);
    return p < 0 ? NONE : p;
  }
  return layout === PERF_SCRIPT ? scanPerfScript(bytes, i, end, out, false) : NONE;
}

/**
 * The layout a line starting at i (past its blanks) may be in, by its first character: perf
 * trace's time starts with a digit, perf script's comm with anything else printable but `#`;
 * NONE for neither. Perf trace's three layouts are told apart later; PERF_TRACE stands for them.
 */
function layoutAt(bytes: Uint8Array, i: number, end: number): number {
  if (i >= end) return NONE;
  const c = bytes[i] as number;
  if (isDigit(c)) return PERF_TRACE;
  return isPrintable(c) && c !== 35 /* # */ ? PERF_SCRIPT : NONE;
}

function firstNonBlank(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && isBlank(bytes[i] as number)) i++;
  return i;
}

/** perf trace's time and the blanks after it, from the first digit at i: where the rest starts, or NO_MATCH. */
function perfTraceHead(bytes: Uint8Array, i: number, end: number, out: ScannedLine): number {
  const afterTime = scanTime(bytes, i, end, 3, out);
  if (afterTime < 0) return NO_MATCH;
  const p = skipBlanks(bytes, afterTime, end);
  return p === afterTime || p >= end ? NO_MATCH : p;
}

/** After the time: `ping/9049 net:net_dev_queue(…)`, `net:net_dev_queue:…)`. */
function scanPerfTraceTail(bytes: Uint8Array, p: number, end: number, out: ScannedLine): boolean {
  if (!isPrintable(bytes[p] as number)) return false;
  out.tailStart = p;
  // `comm/tid ` is optional and comm may hold spaces and slashes: as the regex does, take the first
  // slash after which a tid, blanks and an event name follow; failing that, the event itself.
  out.commStart = NONE;
  out.commEnd = NONE;
  out.pid = NONE;
  let eventStart = p;
  let eventEnd: number;
  // One call to eventNameEnd, not one per way the line can go: the compiler inlines a helper into
  // this function only while what it has inlined stays small, and this is the hottest loop here.
  for (let q = slashAfter(bytes, p + 1, end); ; q = slashAfter(bytes, q + 1, end)) {
    // Where the event name starts: after `comm/tid ` at slash q or, with no slash left, at p.
    let r = p;
    if (q >= 0) {
      const afterTid = scanInt(bytes, q + 1, end, out);
      if (afterTid === UNSURE) return false;
      if (afterTid < 0) continue;
      r = skipBlanks(bytes, afterTid, end);
      if (r < end && !isPrintable(bytes[r] as number)) return false;
      if (r === afterTid) continue;
    }
    eventEnd = eventNameEnd(bytes, r, end);
    if (q < 0) {
      out.pid = NONE;
      if (eventEnd < 0) return false;
      break;
    }
    if (eventEnd < 0 || !isOpen(bytes[eventEnd] as number)) continue;
    if (!isPlainComm(bytes, p, q)) return false;
    out.commStart = p;
    out.commEnd = q;
    eventStart = r;
    break;
  }
  const open = bytes[eventEnd] as number;
  if (!isOpen(open)) return false;

  let last = end;
  while (last > eventEnd + 1 && isBlank(bytes[last - 1] as number)) last--;
  if (bytes[last - 1] !== 41 /* ) */ || last - 1 < eventEnd + 1) return false;
  out.eventStart = eventStart;
  out.eventEnd = eventEnd;
  out.cpu = NONE;
  out.fieldsStart = eventEnd + 1;
  out.fieldsEnd = last - 1;
  if (open === 58) out.layout = PERF_TRACE_LEGACY;
  else out.layout = startsWithKeyEquals(bytes, out.fieldsStart, out.fieldsEnd) ? PERF_TRACE_LIBTRACEEVENT : PERF_TRACE;
  return true;
}

/**
 * `ping  9156 [000]  5027.134228:  net:net_dev_queue: dev=docker0 …`. Comm may hold spaces, so each
 * place it may end is tried in turn: with `wholeLine`, up to the first whose tail reads too; without,
 * the first whose head reads (see scanLineHead). Returns where the tail starts, or NONE.
 */
function scanPerfScript(bytes: Uint8Array, commStart: number, end: number, out: ScannedLine, wholeLine: boolean): number {
  for (let q = perfScriptCommEnd(bytes, commStart, commStart + 1, end); q >= 0; q = perfScriptCommEnd(bytes, commStart, q + 1, end)) {
    const afterTime = scanPerfScriptHead(bytes, q, end, out);
    if (afterTime === UNSURE) return NONE;
    if (afterTime < 0) continue;
    if (wholeLine) {
      const tail = scanPerfScriptTail(bytes, afterTime, end, out);
      if (tail === UNSURE) return NONE;
      if (tail < 0) continue;
    }
    out.commStart = commStart;
    out.commEnd = q;
    out.layout = PERF_SCRIPT;
    out.tailStart = afterTime;
    return afterTime;
  }
  return NONE;
}

/**
 * The next place from q on where comm may end: a blank after a character that is not one; -1
 * where there is none, or where comm would hold a character the regex's `.` or `\s` reads otherwise.
 */
function perfScriptCommEnd(bytes: Uint8Array, commStart: number, q: number, end: number): number {
  for (; q < end; q++) {
    const c = bytes[q] as number;
    if (!isBlank(c) && !isPrintable(c)) return -1;
    if (isBlank(c) && !isBlank(bytes[q - 1] as number)) return q;
  }
  return -1;
}

/**
 * From the blanks after comm: `pid[/tid] [cpu] secs`; returns the index after the time, NO_MATCH,
 * or UNSURE where the regex could read a character differently.
 */
function scanPerfScriptHead(bytes: Uint8Array, q: number, end: number, out: ScannedLine): number {
  let i = blanksThen(bytes, q, end);
  if (i < 0) return i;
  i = scanInt(bytes, i, end, out);
  if (i < 0) return i;
  if (bytes[i] === 47 /* / */) {
    i = scanInt(bytes, i + 1, end, out);
    if (i < 0) return i;
  }
  let j = blanksThen(bytes, i, end);
  if (j < 0) return j;
  out.cpu = NONE;
  if (bytes[j] === 91 /* [ */) {
    let k = j + 1;
    let cpu = 0;
    while (k < end && isDigit(bytes[k] as number)) cpu = cpu * 10 + (bytes[k++] as number) - 48;
    if (k - j - 1 > MAX_DIGITS) return UNSURE;
    if (k === j + 1 || bytes[k] !== 93 /* ] */) return NO_MATCH;
    const afterCpu = blanksThen(bytes, k + 1, end);
    if (afterCpu < 0) return afterCpu;
    out.cpu = cpu;
    j = afterCpu;
  }
  return scanTime(bytes, j, end, 6, out);
}

/**
 * From the end of the time: `: [n] event:` and one blank or the end, then the fields; fills the
 * event and fields into `out` and returns 0, or NO_MATCH or UNSURE.
 */
function scanPerfScriptTail(bytes: Uint8Array, i: number, end: number, out: ScannedLine): number {
  if (bytes[i] !== 58 /* : */) return NO_MATCH;
  let j = blanksThen(bytes, i + 1, end);
  if (j < 0) return j;
  // An optional number before the event (perf script's period).
  let k = j;
  while (k < end && isDigit(bytes[k] as number)) k++;
  if (k > j) {
    const afterNumber = blanksThen(bytes, k, end);
    if (afterNumber < 0) return afterNumber;
    j = afterNumber;
  }
  const eventEnd = eventNameEnd(bytes, j, end);
  if (eventEnd < 0 || bytes[eventEnd] !== 58) return NO_MATCH;
  if (eventEnd + 1 < end) {
    const after = bytes[eventEnd + 1] as number;
    if (!isBlank(after)) return isPrintable(after) ? NO_MATCH : UNSURE;
  }
  let fs = Math.min(eventEnd + 2, end);
  let fe = end;
  while (fs < fe && isBlank(bytes[fs] as number)) fs++;
  while (fe > fs && isBlank(bytes[fe - 1] as number)) fe--;
  if (fs < fe && ((bytes[fs] as number) > 126 || (bytes[fe - 1] as number) > 126)) return UNSURE;
  out.eventStart = j;
  out.eventEnd = eventEnd;
  out.fieldsStart = fs;
  out.fieldsEnd = fe;
  return 0;
}

/** At least one blank from i: the index after them; NO_MATCH without one; UNSURE at a character the regex's \s may take. */
function blanksThen(bytes: Uint8Array, i: number, end: number): number {
  const after = skipBlanks(bytes, i, end);
  if (after < end && !isPrintable(bytes[after] as number)) return UNSURE;
  return after === i ? NO_MATCH : after;
}

/**
 * `int.frac` in units of 10^scale µs, as decimalToMicros computes it (same operations, same
 * order, so the same double); sets out.timeUs and returns the index after it, NO_MATCH, or UNSURE
 * for a number too long or too large to convert here.
 */
function scanTime(bytes: Uint8Array, i: number, end: number, scale: 3 | 6, out: ScannedLine): number {
  let whole = 0;
  const intStart = i;
  while (i < end && isDigit(bytes[i] as number)) whole = whole * 10 + (bytes[i++] as number) - 48;
  if (i === intStart || bytes[i] !== 46 /* . */) return NO_MATCH;
  if (i - intStart > MAX_DIGITS) return UNSURE;
  const fracStart = ++i;
  let micros = 0;
  while (i < end && i - fracStart < scale && isDigit(bytes[i] as number)) micros = micros * 10 + (bytes[i++] as number) - 48;
  const fracDigits = i - fracStart;
  if (fracDigits === 0) return NO_MATCH;
  if (fracDigits < scale) micros *= POW10[scale - fracDigits] as number;
  const us = whole * (POW10[scale] as number) + micros;
  // Digits below the microsecond (perf script --ns) are rare: read apart, which keeps this function small enough to inline.
  if (i < end && isDigit(bytes[i] as number)) return scanBelowMicros(bytes, fracStart, i, end, us, out);
  if (!(us < 2 ** 53)) return UNSURE;
  out.timeUs = us;
  return i;
}

/** scanTime's digits from `i` on, below the microsecond, added to `us` as a fraction. */
function scanBelowMicros(bytes: Uint8Array, fracStart: number, i: number, end: number, us: number, out: ScannedLine): number {
  let below = 0;
  let belowDigits = 0;
  for (; i < end && isDigit(bytes[i] as number); i++, belowDigits++) below = below * 10 + (bytes[i] as number) - 48;
  if (i - fracStart > MAX_DIGITS) return UNSURE;
  if (below !== 0) us += below / (POW10[belowDigits] as number);
  // us is not negative, so its whole part is a safe integer exactly when us < 2^53.
  if (!(us < 2 ** 53)) return UNSURE;
  out.timeUs = us;
  return i;
}

/** `-?\d+` into out.pid; returns the index after it, NO_MATCH, or UNSURE when too long to convert here. */
function scanInt(bytes: Uint8Array, i: number, end: number, out: ScannedLine): number {
  const negative = bytes[i] === 45;
  if (negative) i++;
  const digitsStart = i;
  let v = 0;
  while (i < end && isDigit(bytes[i] as number)) v = v * 10 + (bytes[i++] as number) - 48;
  if (i === digitsStart) return NO_MATCH;
  if (i - digitsStart > MAX_DIGITS) return UNSURE;
  out.pid = negative ? -v : v;
  return i;
}

/** The next `/` in [i, end), or -1. */
function slashAfter(bytes: Uint8Array, i: number, end: number): number {
  for (; i < end; i++) if (bytes[i] === 47) return i;
  return -1;
}

/** `[A-Za-z_]\w*:[A-Za-z_]\w*` from i: the index after it, or -1. */
function eventNameEnd(bytes: Uint8Array, i: number, end: number): number {
  let c = bytes[i] as number;
  if (i >= end || !isIdentStart(c)) return -1;
  for (c = bytes[++i] as number; i < end && isWord(c); c = bytes[++i] as number);
  if (c !== 58) return -1;
  c = bytes[++i] as number;
  if (i >= end || !isIdentStart(c)) return -1;
  for (; i < end && isWord(c); c = bytes[++i] as number);
  return i;
}

/** A comm of printable ASCII and spaces only: nothing the regex's `.` or `\s` could read otherwise. */
function isPlainComm(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/** libtraceevent's `key=value` rather than BTF's `key: value`. */
function startsWithKeyEquals(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 61 /* = */) return i > start;
    if (!(isWord(c) || c === 46)) return false;
  }
  return false;
}

function skipBlanks(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && isBlank(bytes[i] as number)) i++;
  return i;
}

/** Printable ASCII other than the space. */
function isPrintable(c: number): boolean {
  return c > 32 && c < 127;
}

function isOpen(c: number): boolean {
  return c === 40 /* ( */ || c === 58 /* : */;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Ranges tested as one unsigned comparison each: `x - lo >>> 0` is small only from lo up. */
function isDigit(c: number): boolean {
  return (c - 48) >>> 0 < 10;
}

/** `c | 32` lower-cases a letter (and nothing else into a-z). */
function isIdentStart(c: number): boolean {
  return ((c | 32) - 97) >>> 0 < 26 || c === 95;
}

function isWord(c: number): boolean {
  return ((c | 32) - 97) >>> 0 < 26 || (c - 48) >>> 0 < 10 || c === 95;
}
