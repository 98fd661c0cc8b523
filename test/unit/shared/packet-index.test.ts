/**
 * A packet's events and the packets' sizes come from the table's own index, built as events
 * arrive, so the panels never pass over the whole trace; these check the index against a pass.
 */
import { describe, expect, it } from 'vitest';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { TraceParser } from '../../../shared/trace/trace-parser';
import { TraceTable } from '../../../shared/trace/trace-table';
import { syntheticTrace } from '../../support/synthetic-trace';

describe('the packet index', () => {
  it('lists each packet’s events in time order and counts them, as a pass over every event would', () => {
    const { table } = traceFromText(syntheticTrace({ events: 30_000, seed: 5 }));
    const byPass = new Map<number, number[]>();
    for (let k = 0; k < table.count; k++) {
      const e = table.sorted(k);
      const p = table.packetOf(e);
      if (p < 0) continue;
      if (!byPass.has(p)) byPass.set(p, []);
      byPass.get(p)?.push(e);
    }
    expect(byPass.size).toBe(table.packetCount);
    for (const [p, events] of byPass) {
      expect(table.packetEvents(p)).toEqual(events);
      expect(table.packetEventCount(p)).toBe(events.length);
    }
  });
});

describe('events printed a little out of order', () => {
  it('wait until the text pauses, then take their rows and packets in time order', () => {
    const parser = new TraceParser();
    parser.push(['     0.000 a/1 net:net_dev_queue(skbaddr: 0x1, len: 1, name: "eth0")', '     0.010 a/1 net:net_dev_queue(skbaddr: 0x1, len: 1, name: "eth1")', ''].join('\n'));
    const table = new TraceTable();
    const batch = parser.takeBatch();
    if (batch) table.append(batch);
    expect(table.count).toBe(2);
    // Within the reorder window: held back, as an earlier event could still arrive.
    expect(table.derivedCount).toBe(0);
    table.settle();
    expect(table.derivedCount).toBe(2);
    expect(table.rows().map((r) => r.label)).toEqual(['eth0', 'eth1']);
    expect(table.rowEvents(0)).toEqual(new Uint32Array([0]));
  });
});

describe('events with no device', () => {
  it('go on the row of the device their skb was last seen on, or on an “other” row when it was seen on none', () => {
    const { table } = traceFromText(
      [
        '     0.000 ping/9 net:net_dev_queue(skbaddr: 0xffff000000000100, len: 98, name: "eth0")',
        '     0.005 ping/9 skb:consume_skb(skbaddr: 0xffff000000000100)',
        '     0.007 ping/9 skb:kfree_skb(skbaddr: 0xffff000000000200, location: 0xffffffff81000000, protocol: 2048, reason: 3)',
        '     0.009 ping/9 net:netif_rx_exit()',
        '',
      ].join('\n'),
    );
    table.settle();
    expect(table.rows().map((r) => r.label)).toEqual(['eth0', 'other']);
    expect([0, 1, 2, 3].map((e) => table.rows()[table.rowOf(e)]?.label)).toEqual(['eth0', 'eth0', 'other', 'other']);
  });
});
