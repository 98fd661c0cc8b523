/**
 * One line of perf output: which of the four layouts it is in, and its event, or why it is not
 * an event. Layouts are told apart per line, so files that mix them still load.
 *
 *   perf trace (5.5+)     `     0.221 ping/9049 net:net_dev_queue(skbaddr: 0xffff…, len: 98, name: "eth0")`
 *   --libtraceevent_print `     0.000 ping/9322 net:net_dev_queue(dev=docker0 skbaddr=0xffff… len=98)`
 *   perf trace < 5.5      `     0.010 net:net_dev_queue:dev=veth1a2b3c4 skbaddr=0xffff… len=98)`
 *   perf script           `    ping  9156 [000]  5027.134228:   net:net_dev_queue: dev=docker0 skbaddr=0xffff… len=98`
 *
 * perf trace prints milliseconds (relative, or absolute with -T); perf script prints seconds.
 */
import type { Layout } from './event-batch';
import { decimalToMicros } from './numbers';

export interface LineEvent {
  kind: 'event';
  layout: Layout;
  timeUs: number;
  /** `subsystem:name`, e.g. `net:net_dev_queue`. */
  event: string;
  comm: string | null;
  pid: number | null;
  cpu: number | null;
  /** The fields as printed, without the closing parenthesis. */
  fields: string;
}

export type LineResult =
  | LineEvent
  | { kind: 'blank' }
  /** `# text`; `# key : value` lines (perf script --header's, and Skbscope's capture header) name their key. */
  | { kind: 'comment'; key: string | null; value: string }
  | { kind: 'lost'; count: number }
  | { kind: 'skip'; reason: string };

const BLANK: LineResult = { kind: 'blank' };

/** perf trace: time, optional `comm/tid` (comm may hold spaces and slashes), then `sys:event(` or `sys:event:`. */
const PERF_TRACE = /^\s*(\d+\.\d+)\s+(?:(\S.*?)\/(-?\d+)\s+)?([A-Za-z_]\w*:[A-Za-z_]\w*)([(:])/;

/** perf script: comm, pid[/tid], optional [cpu], seconds, then `sys:event:`. */
const PERF_SCRIPT = /^\s*(\S.*?)\s+(-?\d+)(?:\/(-?\d+))?\s+(?:\[(\d+)\]\s+)?(\d+\.\d+):\s+(?:\d+\s+)?([A-Za-z_]\w*:[A-Za-z_]\w*):(?:\s|$)/;

/** perf trace's system-call lines: `0.011 ( 0.004 ms): ping/9049 socket(…) = 3`. */
const SYSCALL = /^\s*\d+\.\d+\s+\(\s*[\d.]+\s*ms\):/;

const LOST = /^\s*LOST (\d+) events!/;

/** Lines perf prints about itself, so the user is told what they are rather than "not an event". */
const PERF_MESSAGE =
  /^\s*(?:Warning:|Error:|\[ perf |Summary of events|Couldn't|Failed to|Problems? |perf: |PERF_RECORD_|Workload failed|The sys_perf_event_open|Hint:|Consider|event syntax error|Run 'perf list')/i;

/** `line` has no line terminator (the caller splits and strips `\r`). */
export function parseLine(line: string): LineResult {
  let start = 0;
  while (start < line.length && isSpace(line.charCodeAt(start))) start++;
  if (start === line.length) return BLANK;
  const first = line.charCodeAt(start);
  if (first === 35 /* # */) return comment(line.slice(start + 1));

  if (first >= 48 && first <= 57) {
    const m = PERF_TRACE.exec(line);
    if (m) return perfTraceEvent(line, m);
    if (SYSCALL.test(line)) return { kind: 'skip', reason: 'system call, not a tracepoint event' };
  }
  const s = PERF_SCRIPT.exec(line);
  if (s) return perfScriptEvent(line, s);

  const lost = LOST.exec(line);
  if (lost) return { kind: 'lost', count: Number(lost[1]) };
  if (PERF_MESSAGE.test(line)) return { kind: 'skip', reason: "perf's own message" };
  return { kind: 'skip', reason: 'not a perf tracepoint event' };
}

const KEY_VALUE = /^\s*([A-Za-z][\w .-]{0,63}?)\s*:\s?(.*)$/;

function comment(text: string): LineResult {
  const m = KEY_VALUE.exec(text);
  return m ? { kind: 'comment', key: (m[1] as string).toLowerCase(), value: (m[2] as string).trim() } : { kind: 'comment', key: null, value: text.trim() };
}

function perfTraceEvent(line: string, m: RegExpExecArray): LineResult {
  const timeUs = decimalToMicros(m[1] as string, 3);
  if (Number.isNaN(timeUs)) return { kind: 'skip', reason: 'timestamp out of range' };
  const open = m[5] as string;
  const rest = line.slice(m[0].length).trimEnd();
  if (!rest.endsWith(')')) {
    return { kind: 'skip', reason: 'cut off: the line ends before its closing parenthesis' };
  }
  const fields = rest.slice(0, -1);
  let layout: Layout;
  if (open === ':') layout = 'perf-trace-legacy';
  else layout = startsWithKeyEquals(fields) ? 'perf-trace-libtraceevent' : 'perf-trace';
  const pid = m[3] === undefined ? null : Number(m[3]);
  return {
    kind: 'event',
    layout,
    timeUs,
    event: m[4] as string,
    comm: m[2] ?? null,
    pid,
    cpu: null,
    fields,
  };
}

function perfScriptEvent(line: string, m: RegExpExecArray): LineResult {
  const timeUs = decimalToMicros(m[5] as string, 6);
  if (Number.isNaN(timeUs)) return { kind: 'skip', reason: 'timestamp out of range' };
  return {
    kind: 'event',
    layout: 'perf-script',
    timeUs,
    event: m[6] as string,
    comm: m[1] as string,
    // With pid/tid perf script prints both; the thread is what perf trace shows too.
    pid: Number(m[3] ?? m[2]),
    cpu: m[4] === undefined ? null : Number(m[4]),
    fields: line.slice(m[0].length).trim(),
  };
}

/** libtraceevent's `key=value` rather than BTF's `key: value`. */
function startsWithKeyEquals(fields: string): boolean {
  for (let i = 0; i < fields.length; i++) {
    const c = fields.charCodeAt(i);
    if (c === 61 /* = */) return i > 0;
    const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46;
    if (!word) return false;
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13 || c === 0xfeff;
}
