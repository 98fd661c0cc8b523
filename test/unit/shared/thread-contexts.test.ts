/** The table keeps command, pid and CPU as one number per event; each must read back as its line prints them. */
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../shared/trace/parse-line';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { readFixture } from '../../support/fixtures';
import { syntheticTrace } from '../../support/synthetic-trace';

describe('command, pid and CPU', () => {
  it.each([
    ['a system-wide perf script capture (with CPUs)', readFixture('ping2-system-wide.perf-script.txt')],
    ['a perf trace capture (without)', readFixture('tcp-bulk-20MB.btf.txt')],
    ['a busy synthetic host in perf script layout', syntheticTrace({ events: 20_000, seed: 4, layout: 'perf-script' })],
  ])('read back as printed, for every event of %s', (_, text) => {
    const { table } = traceFromText(text);
    const lines = text.split('\n');
    expect(table.count).toBeGreaterThan(50);
    for (let e = 0; e < table.count; e++) {
      const parsed = parseLine(lines[table.line(e) - 1] ?? '');
      if (parsed.kind !== 'event') throw new Error(`event ${e} is not on its line`);
      expect([table.comm(e), table.pid(e), table.cpu(e)]).toEqual([parsed.comm, parsed.pid, parsed.cpu]);
    }
  });
});
