import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RowTimes } from '../../../shared/trace/row-times';
import { traceFromText, TraceBuilder } from '../../../shared/trace/trace-builder';
import { queryView } from '../../../shared/view/level-of-detail';
import { syntheticTrace } from '../../support/synthetic-trace';

const TEXT = syntheticTrace({ events: 20_000, seed: 11 });

/** What the binning worker is handed: the same memory through a real message port, as a Worker's postMessage does. */
async function throughPort(trace: RowTimes): Promise<RowTimes> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<RowTimes>((resolve) => (port2 as MessagePort).once('message', resolve));
  port1.postMessage(trace);
  const out = await received;
  port1.close();
  return out;
}

describe('the times and rows a worker bins from', () => {
  it('lie in shared memory when asked for, so posting them to a worker copies nothing', async () => {
    const { table } = traceFromText(TEXT, { sharedMemory: true });
    const trace = table.rowTimes();
    expect(trace.times.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const row of trace.rows) expect(row.buffer).toBeInstanceOf(SharedArrayBuffer);

    const there = await throughPort(trace);
    // The same memory: a change on one side is seen on the other.
    const before = trace.times[0] as number;
    trace.times[0] = -1;
    expect(there.times[0]).toBe(-1);
    trace.times[0] = before;

    const q = { startUs: table.startUs, endUs: table.endUs, widthPx: 1200, maxItems: 1500 };
    expect(queryView(there, q)).toEqual(queryView(table.rowTimes(), q));
  });

  it('are plain memory otherwise, with the same content', () => {
    const shared = traceFromText(TEXT, { sharedMemory: true }).table;
    const plain = traceFromText(TEXT).table;
    expect(plain.rowTimes().times.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(plain.rowTimes().times)).toEqual(Array.from(shared.rowTimes().times));
    expect(plain.rowTimes().rows.map((r) => Array.from(r))).toEqual(shared.rowTimes().rows.map((r) => Array.from(r)));
  });

  it('are taken anew when the table changes, so a worker never bins from views of an old revision', () => {
    const builder = new TraceBuilder({ sharedMemory: true });
    const half = TEXT.indexOf('\n', TEXT.length / 2) + 1;
    builder.push(TEXT.slice(0, half));
    const first = builder.table.rowTimes();
    expect(builder.table.rowTimes()).toBe(first);
    builder.push(TEXT.slice(half));
    builder.end();
    const grown = builder.table.rowTimes();
    expect(grown).not.toBe(first);
    expect(grown.times.length).toBe(20_000);
    // Compacting moves the columns into buffers of their exact size: views of the old ones are let go.
    builder.table.compact();
    const compacted = builder.table.rowTimes();
    expect(compacted).not.toBe(grown);
    expect(compacted.times.buffer.byteLength).toBe(20_000 * 8);
    expect(Array.from(compacted.times)).toEqual(Array.from(grown.times));
  });

  it('are compacted a column a step, the table reading the same between steps', () => {
    const builder = new TraceBuilder({ sharedMemory: true });
    builder.push(TEXT);
    builder.end();
    const { table } = builder;
    const read = (): string => JSON.stringify([table.summary(), Array.from(table.timeColumn()), [0, 777, 19_999].map((e) => [table.eventName(e), table.device(e), table.rowOf(e)])]);
    const before = read();
    expect(table.timeColumn().buffer.byteLength).toBeGreaterThan(20_000 * 8);
    let steps = 0;
    while (table.compactStep()) {
      steps++;
      expect(read()).toBe(before);
    }
    expect(steps).toBeGreaterThan(10);
    expect(table.timeColumn().buffer.byteLength).toBe(20_000 * 8);
    expect(table.rowTimes().times.buffer.byteLength).toBe(20_000 * 8);
  });
});
