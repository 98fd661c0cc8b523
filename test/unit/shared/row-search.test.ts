/**
 * The timeline binary-searches each row's events through their indices into the time column. perf
 * prints each CPU's buffer in turn, so a row's events arrive a little out of time order; whether the
 * table places them by insertion or re-sorts the row, searches must find what a sorted copy would.
 */
import { describe, expect, it } from 'vitest';
import { TraceParser } from '../../../shared/trace/trace-parser';
import { TraceTable } from '../../../shared/trace/trace-table';
import { lowerBound, rowLowerBound, rowLowerBoundFrom, rowUpperBound, upperBound } from '../../../shared/trace/sorted-search';

const DEVICES = ['eth0', 'eth1'];

/** Two CPUs' events, each CPU's in time order, printed a chunk of one CPU then a chunk of the other, the second lagging. */
function perCpuLines(events: number, chunk: number, lagUs: number): { us: number; dev: string }[] {
  const cpus: { us: number; dev: string }[][] = [[], []];
  for (let i = 0; i < events; i++) {
    // Distinct whole µs, so time order is one order (no ties to break).
    const us = 1000 + i * 7 + (i % 2) * lagUs;
    cpus[i % 2]?.push({ us, dev: DEVICES[(i >> 1) % 2] as string });
  }
  const out: { us: number; dev: string }[] = [];
  for (let at = 0; at < events / 2; at += chunk) for (const cpu of cpus) for (const line of cpu.slice(at, at + chunk)) out.push(line);
  return out;
}

/** Appends the lines in small batches, as a live capture does, so some arrive after their row moved on. */
function tableOf(lines: { us: number; dev: string }[], batch: number): TraceTable {
  const parser = new TraceParser();
  const table = new TraceTable();
  for (let at = 0; at < lines.length; at += batch) {
    const text = lines.slice(at, at + batch).map(({ us, dev }, k) => `${(us / 1000).toFixed(3).padStart(10)} a/1 net:net_dev_queue(skbaddr: 0x${(at + k + 1).toString(16)}, len: 1, name: "${dev}")\n`);
    parser.push(text.join(''));
    const b = parser.takeBatch();
    if (b) table.append(b);
  }
  table.settle();
  return table;
}

/** A row's events in time order, found the plain way: a pass over every event, then a sort. */
function sortedRow(table: TraceTable, r: number): number[] {
  return Array.from({ length: table.count }, (_, e) => e)
    .filter((e) => table.rowOf(e) === r)
    .sort((a, b) => table.time(a) - table.time(b));
}

describe('searching a row whose events arrived out of time order', () => {
  // Lags under the reorder window, and past it by a few events and by hundreds (placed by insertion).
  it.each([
    { chunk: 20, lagUs: 300 },
    { chunk: 20, lagUs: 3000 },
    { chunk: 500, lagUs: 20_000 },
  ])('finds what a sorted copy finds (chunks of $chunk, lag $lagUs µs)', ({ chunk, lagUs }) => {
    const table = tableOf(perCpuLines(4000, chunk, lagUs), 37);
    const times = table.timeColumn();
    expect(table.rows().length).toBe(DEVICES.length);
    for (let r = 0; r < DEVICES.length; r++) {
      const indices = table.rowEvents(r);
      const reference = sortedRow(table, r);
      expect(Array.from(indices)).toEqual(reference);
      const sortedTimes = Float64Array.from(reference, (e) => table.time(e));
      // Every event's own time, and the gaps either side of it.
      for (const t of Array.from(sortedTimes).flatMap((us) => [us - 0.5, us, us + 0.5])) {
        expect(rowLowerBound(indices, times, t)).toBe(lowerBound(sortedTimes, t));
        expect(rowUpperBound(indices, times, t)).toBe(upperBound(sortedTimes, t));
      }
      // Bin edges are searched in order, each from the last one found, however far off the guessed stride.
      for (const stride of [1, 3, 40, 5000]) {
        let from = 0;
        for (let t = table.startUs - 50; t < table.endUs + 50; t += 64) {
          const at = rowLowerBoundFrom(indices, times, t, from, stride);
          expect(at).toBe(lowerBound(sortedTimes, t));
          from = at;
        }
      }
    }
  });

  it('re-sorts a row when an event arrives further behind than insertion reaches, as perf trace -a can print it', () => {
    // One CPU's 150,000 events (75,000 a row), then the other's, 0.1 s behind: past 65,536 events of their rows.
    const table = tableOf(perCpuLines(300_000, 150_000, 100_000), 4096);
    const times = table.timeColumn();
    for (let r = 0; r < DEVICES.length; r++) {
      const indices = table.rowEvents(r);
      const reference = sortedRow(table, r);
      expect(Array.from(indices)).toEqual(reference);
      const sortedTimes = Float64Array.from(reference, (e) => table.time(e));
      for (let k = 0; k < sortedTimes.length; k += 997) {
        const t = sortedTimes[k] as number;
        expect(rowLowerBound(indices, times, t)).toBe(lowerBound(sortedTimes, t));
      }
    }
  });
});
