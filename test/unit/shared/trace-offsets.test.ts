/**
 * The table keeps no text per event: each event knows where its line starts in the source, in
 * UTF-8 bytes, and its fields are read back from there. These check that what is read back is
 * the event's own line, whatever the layout, the characters, or where chunks were cut.
 */
import { describe, expect, it } from 'vitest';
import { parseFields } from '../../../shared/trace/parse-fields';
import { parseLine } from '../../../shared/trace/parse-line';
import { TraceBuilder } from '../../../shared/trace/trace-builder';
import { TraceParser } from '../../../shared/trace/trace-parser';
import { FIXTURES, readFixture } from '../../support/fixtures';

/** Every event's line as the source holds it, by the offsets the parser gave. */
function linesByOffset(text: string, chunk: number): { line: string; lineNo: number }[] {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new TraceParser();
  const out: { line: string; lineNo: number }[] = [];
  const take = (): void => {
    const batch = parser.takeBatch();
    if (!batch) return;
    for (let i = 0; i < batch.count; i++) {
      const start = batch.offset[i] as number;
      const nl = bytes.indexOf(10, start);
      out.push({ line: bytes.subarray(start, nl < 0 ? bytes.length : nl).toString('utf8').replace(/\r$/, ''), lineNo: batch.line[i] as number });
    }
  };
  for (let at = 0; at < text.length; at += chunk) {
    parser.push(text.slice(at, at + chunk));
    take();
  }
  parser.end();
  take();
  return out;
}

describe('where each event’s line is', () => {
  it('points at the event’s own line in every fixture, however the text was cut', () => {
    for (const f of FIXTURES) {
      const text = readFixture(f.file);
      const lines = text.split('\n');
      for (const chunk of [7, 4096, text.length]) {
        const found = linesByOffset(text, chunk);
        expect(found, f.file).toHaveLength(f.events);
        for (const { line, lineNo } of found) expect(line, `${f.file} line ${lineNo}`).toBe((lines[lineNo - 1] ?? '').replace(/\r$/, ''));
      }
    }
  });

  it('counts bytes, not characters, past names beyond ASCII, emoji, CRLF and a byte order mark', () => {
    const text = [
      '\uFEFF     0.001 pïng/1 net:net_dev_queue(skbaddr: 0x1, len: 98, name: "eth0")\r',
      '# café ☕ 😀',
      '     0.002 ping/1 net:net_dev_queue(skbaddr: 0x2, len: 98, name: "vëth😀")',
      'Warning: ünïcode everywhere 😀😀',
      '     0.003 ping/1 net:netif_rx(skbaddr: 0x3, len: 84, name: "eth0")',
    ].join('\n');
    const lines = text.split('\n');
    for (const chunk of [1, 3, 50, text.length]) {
      const found = linesByOffset(text, chunk);
      expect(found.map((f) => f.lineNo)).toEqual([1, 3, 5]);
      for (const { line, lineNo } of found) expect(line).toBe((lines[lineNo - 1] ?? '').replace(/\r$/, ''));
    }
  });
});

describe('where each event’s line is, past a line too long to be a perf line', () => {
  it('counts the bytes of a dropped line beyond ASCII, cut across chunks without a newline', () => {
    const good = '     0.001 a/1 net:netif_rx(skbaddr: 0x1, len: 1, name: "eth0")';
    const text = `é${'x'.repeat(70_000)}\n${good}\n`;
    const parser = new TraceParser();
    for (const [from, to] of [[0, 100], [100, 69_000], [69_000, text.length]]) parser.push(text.slice(from, to));
    parser.end();
    expect(Array.from(parser.takeBatch()?.offset ?? [])).toEqual([Buffer.from(text, 'utf8').indexOf(good)]);
  });
});

describe('fields read back on demand', () => {
  it('show the same fields as the line itself, for every event of every fixture', () => {
    for (const f of FIXTURES) {
      const text = readFixture(f.file);
      const builder = new TraceBuilder();
      for (let at = 0; at < text.length; at += 1000) builder.push(text.slice(at, at + 1000));
      const { table } = builder.end();
      const lines = text.split('\n');
      for (let e = 0; e < table.count; e++) {
        const own = parseLine((lines[table.line(e) - 1] ?? '').replace(/\r$/, ''));
        if (own.kind !== 'event') throw new Error(`${f.file}: line ${table.line(e)} is not an event`);
        expect(parseFields(table.layout(e), table.fields(e)), `${f.file} event ${e}`).toEqual(parseFields(own.layout, own.fields));
      }
    }
  });
});
