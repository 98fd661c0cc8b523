/**
 * A growing column readies its next buffer ahead of need, a few MB a step, so that no single step
 * writes tens of MB of fresh memory. These check that the values survive however the steps fall,
 * and that a trace fed in many small appends reads the same as one read whole.
 */
import { describe, expect, it } from 'vitest';
import { GrowableColumn } from '../../../shared/trace/growable-column';
import { traceFromText, TraceBuilder } from '../../../shared/trace/trace-builder';
import type { TraceTable } from '../../../shared/trace/trace-table';
import { syntheticTrace } from '../../support/synthetic-trace';

describe('a column readying its next buffer', () => {
  it('is ready only once the steps have covered every value it holds', () => {
    const col = new GrowableColumn(Float64Array, 8);
    for (let i = 0; i < 8; i++) col.push(i);
    // Eight values of eight bytes: 24 bytes a step covers three.
    expect([col.prepareStep(24), col.prepareStep(24), col.prepareStep(24)]).toEqual([false, false, true]);
    col.push(8);
    expect(col.capacity).toBe(16);
    expect(Array.from(col.view())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps values changed and added while it was being readied', () => {
    const col = new GrowableColumn(Int32Array, 8);
    for (let i = 0; i < 6; i++) col.push(i);
    expect(col.prepareStep(8)).toBe(false);
    col.set(0, 100);
    col.insert(1, -1);
    col.push(7);
    expect(col.prepareStep(1 << 20)).toBe(true);
    col.pushAll(new Int32Array([8, 9, 10]));
    expect(Array.from(col.view())).toEqual([100, -1, 1, 2, 3, 4, 5, 7, 8, 9, 10]);
  });

  it('still takes a burst larger than the buffer it readied', () => {
    const col = new GrowableColumn(Uint16Array, 4, true);
    col.pushAll(new Uint16Array([1, 2, 3, 4]));
    col.prepareStep(2);
    col.pushAll(new Uint16Array(40).fill(7));
    expect(col.length).toBe(44);
    expect(col.capacity).toBeGreaterThanOrEqual(44);
    expect(col.view().buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(col.view().subarray(0, 5))).toEqual([1, 2, 3, 4, 7]);
  });

  it('gives back its spare room a few bytes a step, reading the same throughout', () => {
    const col = new GrowableColumn(Int32Array, 64);
    for (let i = 0; i < 10; i++) col.push(i * 3);
    const steps = [];
    do steps.push(Array.from(col.view()));
    while (!col.trimStep(16));
    expect(steps.length).toBe(3);
    expect(col.capacity).toBe(10);
    for (const seen of [...steps, Array.from(col.view())]) expect(seen).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  it('gives back a readied buffer when trimmed', () => {
    const col = new GrowableColumn(Float64Array, 8);
    for (let i = 0; i < 5; i++) col.push(i);
    col.prepareStep(1 << 20);
    col.trim();
    expect(col.capacity).toBe(5);
    col.push(5);
    expect(Array.from(col.view())).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

/** What a user sees of a trace: each row's events by time, and each packet's journey. */
function seen(table: TraceTable): { rows: number[][]; times: number[]; packets: number[][] } {
  const { times, rows } = table.rowTimes();
  const packets = Array.from({ length: table.summary().skbaddrs }, (_, p) => table.packetEvents(p));
  return { rows: rows.map((r) => Array.from(r)), times: Array.from(times), packets };
}

describe('a trace appended a few lines at a time', () => {
  it('reads the same as the whole text at once, while its columns grow a few bytes an append', () => {
    const text = syntheticTrace({ events: 30_000, seed: 5 });
    const whole = traceFromText(text).table;
    // 256 bytes an append: each column takes many appends to ready its next buffer.
    const builder = new TraceBuilder({ sharedMemory: true, growStepBytes: 256 });
    for (let at = 0; at < text.length; at += 2000) builder.push(text.slice(at, at + 2000));
    builder.end();
    expect(builder.table.count).toBe(30_000);
    expect(seen(builder.table)).toEqual(seen(whole));
    for (const e of [0, 12_345, 29_999]) expect(builder.table.fields(e)).toEqual(whole.fields(e));

    let steps = 0;
    while (builder.table.compactStep()) steps++;
    // Nine columns of 30,000 events (and the rows'), 256 bytes a step: many steps, none large.
    expect(steps).toBeGreaterThan(300);
    expect(seen(builder.table)).toEqual(seen(whole));
  });
});
