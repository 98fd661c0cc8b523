/**
 * The journeys take a table's events in time order from TimeOrder, which merges the rows instead
 * of sorting the table: it must give exactly the order a sort gives, ties included, and stay put
 * while a live table grows.
 */
import { describe, expect, it } from 'vitest';
import { NONE } from '../../../shared/trace/event-batch';
import { TimeOrder } from '../../../shared/trace/time-order';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { TraceParser } from '../../../shared/trace/trace-parser';
import { TraceTable } from '../../../shared/trace/trace-table';
import { syntheticTrace } from '../../support/synthetic-trace';

function drain(order: TimeOrder): number[] {
  const out: number[] = [];
  for (let e = order.next(); e !== NONE; e = order.next()) out.push(e);
  return out;
}

function sortedByTable(table: TraceTable): number[] {
  return Array.from({ length: table.count }, (_, k) => table.sorted(k));
}

describe('the time order of a table’s events', () => {
  it('is the order a sort by time gives, on a busy synthetic trace', () => {
    const { table } = traceFromText(syntheticTrace({ events: 30_000, seed: 7 }));
    table.settle();
    expect(drain(new TimeOrder(table))).toEqual(sortedByTable(table));
    // A whole table's rows, read where they lie rather than copied.
    expect(drain(new TimeOrder(table, false))).toEqual(sortedByTable(table));
  });

  it('puts events printed out of order, and events at the same time on different devices, where a sort does', () => {
    const line = (ms: string, dev: string, skb: number): string => `     ${ms} a/1 net:net_dev_queue(skbaddr: 0x${skb.toString(16)}, len: 1, name: "${dev}")`;
    const { table } = traceFromText(
      [line('0.010', 'eth0', 1), line('0.004', 'eth1', 2), line('0.004', 'eth0', 3), line('0.002', 'eth0', 4), line('0.010', 'eth1', 5), line('0.004', 'eth1', 6), ''].join('\n'),
    );
    table.settle();
    const order = drain(new TimeOrder(table));
    expect(order).toEqual(sortedByTable(table));
    expect(order.map((e) => table.time(e))).toEqual([2, 4, 4, 4, 10, 10]);
  });

  it('keeps to the events the table had when it was made, while the table grows', () => {
    const text = syntheticTrace({ events: 6_000, seed: 8 });
    const half = text.indexOf('\n', text.length / 2) + 1;
    const parser = new TraceParser();
    const table = new TraceTable();
    const feed = (part: string): void => {
      parser.push(part);
      const batch = parser.takeBatch();
      if (batch) table.append(batch);
    };
    feed(text.slice(0, half));
    table.settle();
    const before = sortedByTable(table);
    const order = new TimeOrder(table);
    const first = [order.next(), order.next()];
    feed(text.slice(half));
    table.settle();
    expect([...first, ...drain(order)]).toEqual(before);
  });
});
