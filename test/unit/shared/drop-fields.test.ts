/**
 * A drop's reason and location come out of the parser with the event (the window reads no line
 * back to name its drops): the same values the event's fields give, in every layout, for every drop.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DROP_REASONS_KEY, reasonsFromHeader } from '../../../shared/journeys/drop-reasons';
import { buildJourneys } from '../../../shared/journeys/journeys';
import { parseFields } from '../../../shared/trace/parse-fields';
import { TraceBuilder, traceFromText } from '../../../shared/trace/trace-builder';
import { TraceParser } from '../../../shared/trace/trace-parser';
import { TraceTable } from '../../../shared/trace/trace-table';
import { syntheticTrace } from '../../support/synthetic-trace';
import { FIXTURES, readFixture } from '../../support/fixtures';

/** What an event's fields say its reason and location are: the last of each key, as a Map of them keeps. */
function printedDrop(table: TraceTable, e: number): { reason: string | null; location: string | null } {
  const fields = new Map(parseFields(table.layout(e), table.fields(e)).map((f) => [f.key, f.value]));
  return { reason: fields.get('reason') ?? null, location: fields.get('location') ?? null };
}

function dropsOf(table: TraceTable): number[] {
  const drops: number[] = [];
  for (let e = 0; e < table.count; e++) if (table.eventName(e) === 'skb:kfree_skb') drops.push(e);
  return drops;
}

/** The perf script fixture's drops, as perf trace prints the same print format (--libtraceevent_print, and before 5.5). */
function perfScriptDropsAs(layout: 'perf-trace-libtraceevent' | 'perf-trace-legacy'): string {
  const drops = readFixture('ping2-system-wide.perf-script.txt')
    .split('\n')
    .filter((l) => l.includes('skb:kfree_skb:'));
  return drops
    .map((l, i) => {
      const fields = l.slice(l.indexOf('skb:kfree_skb: ') + 'skb:kfree_skb: '.length);
      const ms = (i * 0.5).toFixed(3).padStart(10);
      return layout === 'perf-trace-libtraceevent' ? `${ms} ping/9156 skb:kfree_skb(${fields})` : `${ms} skb:kfree_skb:${fields})`;
    })
    .join('\n');
}

describe('drop fields from the parser', () => {
  it('are what the fields say, for every event of every fixture and synthetic trace', () => {
    const texts = [
      ...FIXTURES.map((f) => readFixture(f.file)),
      perfScriptDropsAs('perf-trace-libtraceevent'),
      perfScriptDropsAs('perf-trace-legacy'),
      ...(['perf-trace', 'perf-trace-libtraceevent', 'perf-trace-legacy', 'perf-script'] as const).map((layout) => syntheticTrace({ events: 20_000, layout })),
    ];
    let drops = 0;
    for (const text of texts) {
      const { table } = traceFromText(text);
      for (let e = 0; e < table.count; e++) {
        const isDrop = table.eventName(e) === 'skb:kfree_skb';
        if (isDrop) drops++;
        expect(table.dropFields(e), `event ${e}`).toEqual(isDrop ? printedDrop(table, e) : { reason: null, location: null });
      }
    }
    expect(drops).toBeGreaterThan(20);
  });

  it('are what the fields say where a drop line is odd: quoted, escaped, repeated, empty or missing', () => {
    const lines = [
      '     0.001 ping/1 skb:kfree_skb(skbaddr: 0x1, location: "ping_rcv+0xab", reason: 3)',
      '     0.002 ping/1 skb:kfree_skb(skbaddr: 0x1, location: "a \\"b\\", c", reason: {1, 2})',
      '     0.003 ping/1 skb:kfree_skb(skbaddr: 0x1, reason: 3, reason: 4, location: 0x5)',
      '     0.004 ping/1 skb:kfree_skb(skbaddr: 0x1, protocol: 2048)',
      '     0.005 ping/1 skb:kfree_skb(skbaddr=0x1 location= reason=)',
      '     0.006 ping/1 skb:kfree_skb(skbaddr=0x1 location=tcp_v4_rcv+0x1a2 reason: NO SOCKET)',
      '     0.007 skb:kfree_skb:skbaddr=0x1 location=ping_rcv+0xab reason: NOT_SPECIFIED)',
      '     0.008 ping/1 skb:kfree_skb(skbaddr: 0x1, location: 0xé, reason: ünknown)',
      '  ping  1 [000]  5027.000009:  skb:kfree_skb: skbaddr=0x1 rx_sk=(nil) location=ping_rcv+0xab reason:  NO_SOCKET ',
      '  ping  1 [000]  5027.000010:  skb:kfree_skb:',
      '  ping  1 [000]  5027.000011:  skb:kfree_skb: \tskbaddr=0x1 location=a\u00e9b reason: NO_SOCKET\u000b',
      '  ping  1 [000]  5027.000012:  skb:kfree_skb: skbaddr=0x1 location=x reason=3\u000b',
      '     0.013 ping/1 skb:kfree_skb(skbaddr: 0x1, location: a\u00e9b, reason: 2 )',
    ];
    const { table } = traceFromText(lines.join('\n'));
    expect(table.count).toBe(lines.length);
    for (let e = 0; e < table.count; e++) expect(table.dropFields(e), lines[e]).toEqual(printedDrop(table, e));
    expect(table.dropFields(0)).toEqual({ reason: '3', location: 'ping_rcv+0xab' });
    expect(table.dropFields(2)).toEqual({ reason: '4', location: '0x5' });
    expect(table.dropFields(3)).toEqual({ reason: null, location: null });
    expect(table.dropFields(4)).toEqual({ reason: '', location: '' });
  });

  it('come in each batch for its drops only, transferred with it, and the table finds them by event', () => {
    const text = readFixture('ping2-system-wide.perf-script.txt');
    const parser = new TraceParser();
    const table = new TraceTable();
    const lines = text.split('\n');
    // Batches of a few lines each: a drop's index is within its batch.
    for (let at = 0; at < lines.length; at += 7) {
      parser.push(`${lines.slice(at, at + 7).join('\n')}\n`);
      const batch = parser.takeBatch();
      if (!batch) continue;
      const strings = [...table.strings, ...batch.newStrings];
      let drops = 0;
      for (let i = 0; i < batch.count; i++) if (strings[batch.event[i] as number] === 'skb:kfree_skb') drops++;
      expect(batch.dropEvent.length).toBe(drops);
      expect(batch.dropReason.length).toBe(drops);
      expect(batch.dropLocation.length).toBe(drops);
      table.append(batch);
    }
    parser.end();
    const last = parser.takeBatch();
    if (last) table.append(last);
    table.settle();
    const drops = dropsOf(table);
    expect(drops.map((e) => table.dropFields(e))).toEqual([
      { reason: 'NO_SOCKET', location: 'ping_rcv+0xab' },
      { reason: 'NOT_SPECIFIED', location: 'ip6_mc_input+0x15e' },
      { reason: 'NO_SOCKET', location: 'ping_rcv+0xab' },
    ]);
  });
});

describe('drops named from the table', () => {
  it('in perf trace’s own layout, by the reason table in the capture’s header', () => {
    const builder = traceFromText(readFileSync('renderer/samples/udp-closed-port-drop.txt', 'utf8'));
    const reasons = reasonsFromHeader(builder.metadata[DROP_REASONS_KEY]);
    expect(reasons.get(3)).toBe('NO_SOCKET');
    const drops = buildJourneys(builder.table, reasons).journeys.flatMap((j) => (j.drop ? [j.drop] : []));
    expect(drops).toMatchObject([{ reason: 'NO_SOCKET', location: '0xffffffff820490cc', device: 'eth0', benign: null }]);
  });

  it('in perf trace’s own layout, by the number where the capture has no table', () => {
    const { table } = traceFromText(readFixture('tcp-bulk-20MB.btf.txt'));
    const drops = buildJourneys(table, new Map()).journeys.flatMap((j) => (j.drop ? [j.drop] : []));
    expect(drops).toMatchObject([{ reason: '2', location: '0xffffffff82035bd1', benign: null }]);
  });

  it('in perf script’s and libtraceevent’s layouts, by the name printed', () => {
    const named = [
      { reason: 'NO_SOCKET', location: 'ping_rcv+0xab' },
      { reason: 'NOT_SPECIFIED', location: 'ip6_mc_input+0x15e' },
      { reason: 'NO_SOCKET', location: 'ping_rcv+0xab' },
    ];
    for (const text of [readFixture('ping2-system-wide.perf-script.txt'), perfScriptDropsAs('perf-trace-libtraceevent'), perfScriptDropsAs('perf-trace-legacy')]) {
      const { table } = traceFromText(text);
      const drops = buildJourneys(table, new Map()).journeys.flatMap((j) => (j.drop ? [j.drop] : []));
      expect(drops).toMatchObject(named);
      expect(drops.map((d) => d.benign !== null)).toEqual([true, false, true]);
    }
  });

  it('all of them, however many: 30,000 drops, read in chunks', () => {
    const reasons = new Map([
      [2, 'NOT_SPECIFIED'],
      [3, 'NO_SOCKET'],
    ]);
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const skb = `0xffff8881${(i % 64).toString(16).padStart(8, '0')}`;
      const us = i * 10;
      lines.push(`${(us / 1000).toFixed(3).padStart(10)} ping/9 skb:kfree_skb(skbaddr: ${skb}, location: 0xffffffff8200${(i % 4096).toString(16).padStart(4, '0')}, protocol: 2048, reason: ${2 + (i % 2)})`);
    }
    const text = `${lines.join('\n')}\n`;
    const builder = new TraceBuilder();
    for (let at = 0; at < text.length; at += 64 * 1024) builder.push(text.slice(at, at + 64 * 1024));
    const { table } = builder.end();
    const { journeys } = buildJourneys(table, reasons);
    expect(journeys).toHaveLength(30_000);
    journeys.forEach((j) => {
      const i = j.drop?.event ?? -1;
      expect(j.drop).toMatchObject({ reason: i % 2 === 0 ? 'NOT_SPECIFIED' : 'NO_SOCKET', location: `0xffffffff8200${(i % 4096).toString(16).padStart(4, '0')}` });
    });
  });
});
