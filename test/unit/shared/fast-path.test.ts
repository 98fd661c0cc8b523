/**
 * The parser reads most lines on its fast path (scanning bytes) and the rest through parseLine
 * (regexes): both must give the same event. Here every line is checked against parseLine and
 * forEachField directly, lines of every layout, as printed and bent in the ways that send a line
 * one way or the other.
 */
import { describe, expect, it } from 'vitest';
import { LAYOUTS, NONE } from '../../../shared/trace/event-batch';
import { parseInt32 } from '../../../shared/trace/numbers';
import { forEachField } from '../../../shared/trace/parse-fields';
import { parseLine } from '../../../shared/trace/parse-line';
import { TraceParser } from '../../../shared/trace/trace-parser';
import { FIXTURES, readFixture } from '../../support/fixtures';
import { syntheticTrace } from '../../support/synthetic-trace';

type Seen = [time: number, event: string, device: string | null, skbaddr: string | null, len: number, comm: string | null, pid: number, cpu: number, layout: string] | null;

/** What parseLine and forEachField make of a line, with the parser's rules for which field wins. */
function expected(line: string): Seen {
  const e = parseLine(line);
  if (e.kind !== 'event') return null;
  let device: string | null = null;
  let skbaddr: string | null = null;
  let len = NONE;
  forEachField(e.layout, e.fields, (key, value) => {
    if (key === 'dev' || (key === 'name' && e.event.startsWith('net:') && device === null)) {
      if (value !== '') device = value;
    } else if (key === 'skbaddr') {
      if (value !== '') skbaddr = value.toLowerCase();
    } else if (key === 'len') {
      len = parseInt32(value) ?? NONE;
    }
  });
  return [e.timeUs, e.event, device, skbaddr, len, e.comm, e.pid ?? NONE, e.cpu ?? NONE, e.layout];
}

/** What the parser makes of a line, alone. */
function parsed(line: string): Seen {
  const p = new TraceParser();
  p.push(`${line}\n`);
  const b = p.takeBatch();
  if (b === null || b.count === 0) return null;
  const s = (i: number | undefined): string | null => (i === undefined || i === NONE ? null : (b.newStrings[i] as string));
  return [b.timeUs[0] as number, s(b.event[0]) as string, s(b.device[0]), s(b.skbaddr[0]), b.len[0] as number, s(b.comm[0]), b.pid[0] as number, b.cpu[0] as number, LAYOUTS[b.layout[0] as number] as string];
}

/** The same line bent: the shapes the fast path must either read as the regexes do or leave to them. */
function variants(line: string): string[] {
  return [
    line,
    `${line}\r`,
    `${line}  `,
    line.replace(/0xffff/i, '0xFFFF'),
    line.replace(/\b(curl|ping|python3)\//, 'my prog/x/'),
    line.replace(/\b(curl|ping|python3)\//, 'kworker/u8:2/'),
    line.replace(/docker0|eth0/, 'dockér0'),
    line.replace(/docker0|eth0/, 'eth0😀'),
    line.replace(/len: \d+|len=\d+/, (m) => (m.includes('=') ? 'len=0x62' : 'len: -98')),
    line.replace(/len: \d+|len=\d+/, (m) => (m.includes('=') ? 'len=2147483648' : 'len: 0098')),
    line.replace(/len: \d+|len=\d+/, (m) => (m.includes('=') ? 'len=98x' : 'len: 2147483647')),
    line.replace(/skbaddr: [^,)]+|skbaddr=\S+/, (m) => (m.includes('=') ? 'skbaddr=' : 'skbaddr: ""')),
    line.replace(/(\d)\.(\d+)/, '$1.$21234'),
    line.replace(/ net:/, '  net:'),
  ];
}

describe('the fast path and the regexes', () => {
  it('read every line of every fixture, and every synthetic layout, the same way, however it is bent', () => {
    const lines = [
      ...FIXTURES.flatMap((f) => readFixture(f.file).split('\n').slice(0, 400)),
      ...LAYOUTS.flatMap((layout) => syntheticTrace({ events: 200, seed: 7, layout }).split('\n')),
    ].filter((l) => l.trim() !== '');
    let checked = 0;
    for (const line of lines) {
      for (const v of variants(line)) {
        expect(parsed(v), v).toEqual(expected(v.endsWith('\r') ? v.slice(0, -1) : v));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });
});
