/** Events' line numbers are kept in runs between the lines that are not events; each must read back as printed. */
import { describe, expect, it } from 'vitest';
import { LineNumbers } from '../../../shared/trace/line-numbers';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { readFixture } from '../../support/fixtures';

describe('line numbers', () => {
  it('read back as they came, across batches, with non-event lines anywhere between events', () => {
    const lines = new LineNumbers();
    // Lines 1–3 a header, events on 4–6, a skipped line 7, events on 8–9, then many lines skipped.
    lines.append(0, new Int32Array([4, 5]));
    lines.append(2, new Int32Array([6, 8, 9]));
    lines.append(5, new Int32Array([1_000_000_000]));
    expect([0, 1, 2, 3, 4, 5].map((e) => lines.lineOf(e))).toEqual([4, 5, 6, 8, 9, 1_000_000_000]);
  });

  it('are each event’s line in a real capture with a header and perf’s messages among its events', () => {
    const events = readFixture('udp-closed-port-drop.btf.txt').split('\n');
    const half = events.length >> 1;
    const text = ['# host : vm', '# perf : perf trace -e net:*', ...events.slice(0, half), 'LOST 3 events!', ...events.slice(half)].join('\n');
    const { table } = traceFromText(text);
    const source = text.split('\n');
    expect(table.count).toBeGreaterThan(10);
    for (let e = 0; e < table.count; e++) expect(source[table.line(e) - 1]).toContain(`${table.eventName(e)}(`);
    expect(table.line(0)).toBe(3);
  });
});
