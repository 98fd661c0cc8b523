/**
 * The table keeps each event's tracepoint and length in two bytes where they fit; these check that
 * what does not fit (a tracepoint first seen after 65,534 other strings, a BIG TCP length) still
 * reads back exactly as printed.
 */
import { describe, expect, it } from 'vitest';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { SmallIntColumn } from '../../../shared/trace/small-int-column';

const line = (ms: number, event: string, skb: number, len: number): string =>
  `${ms.toFixed(3).padStart(10)} ping/42 ${event}(skbaddr: 0xffff8880${(skb * 256).toString(16).padStart(8, '0')}, len: ${len}, name: "eth0")`;

describe('a trace of many distinct packets', () => {
  it('names a tracepoint first seen late, after 70,000 other addresses, as printed', () => {
    const lines: string[] = [];
    for (let i = 0; i < 70_000; i++) lines.push(line(i * 0.001, 'net:net_dev_queue', i, 98));
    lines.push(line(70, 'net:netif_receive_skb', 1, 98));
    const { table } = traceFromText(lines.join('\n') + '\n');
    expect(table.strings.length).toBeGreaterThan(70_000);
    expect(table.eventName(70_000)).toBe('net:netif_receive_skb');
    expect(table.eventName(69_999)).toBe('net:net_dev_queue');
  });

  it('keeps lengths past 64 KiB (BIG TCP) and the largest that fit, next to absent ones', () => {
    const lengths = [0, 98, 65_533, 65_534, 65_535, 185_000, 2_147_483_647];
    const text = lengths.map((len, i) => line(i * 0.001, 'net:net_dev_queue', i, len)).join('\n') + '\n' + '     0.100 ping/42 skb:consume_skb(skbaddr: 0xffff888000000100)\n';
    const { table } = traceFromText(text);
    expect(lengths.map((_, e) => table.len(e))).toEqual(lengths);
    expect(table.len(lengths.length)).toBeNull();
  });
});

describe('the column itself', () => {
  it('reads back every value from -1 up, in any mix, across appends', () => {
    const column = new SmallIntColumn();
    const values = [-1, 0, 1, 65_533, 65_534, 65_535, 70_000, -1, 3, 2 ** 31 - 1, 65_534, 0];
    column.pushAll(Int32Array.from(values.slice(0, 5)));
    column.pushAll(Int32Array.from(values.slice(5)));
    expect(column.trimStep(1 << 20)).toBe(true);
    expect(column.length).toBe(values.length);
    expect(values.map((_, i) => column.get(i))).toEqual(values);
  });
});
