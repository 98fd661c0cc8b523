import { describe, expect, it } from 'vitest';
import { formatOf } from '../../../shared/trace/parse-stats';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { FIXTURES, readFixture } from '../../support/fixtures';

describe.each(FIXTURES)('real capture $file', (fx) => {
  const trace = traceFromText(readFixture(fx.file));
  const summary = trace.table.summary();

  it(`has ${fx.events} events, all in the ${fx.layout} layout, and no skipped lines`, () => {
    expect(summary.events).toBe(fx.events);
    expect(formatOf(trace.totals)).toBe(fx.layout);
    expect(trace.totals.skippedLines).toBe(0);
  });

  it('lists its devices in order of first appearance', () => {
    expect(summary.devices).toEqual(fx.devices);
  });

  it(`has ${fx.skbaddrs} distinct skbaddrs`, () => {
    expect(summary.skbaddrs).toBe(fx.skbaddrs);
  });

  it('puts every event on a row, and device-less events on the row their packet was last seen on', () => {
    const rows = trace.table.rows();
    for (let e = 0; e < trace.table.count; e++) {
      const row = rows[trace.table.rowOf(e)];
      expect(row).toBeDefined();
      const device = trace.table.device(e);
      if (device !== null) expect(row?.device).toBe(device);
    }
  });
});

describe('the ping through docker0 and a veth', () => {
  const { table } = traceFromText(readFixture('ping-bridge-veth.btf.txt'));

  it('spans 355 µs, at microsecond precision', () => {
    expect(table.endUs - table.startUs).toBe(355);
    expect(table.time(1) - table.time(0)).toBe(28);
  });

  it('keeps every field of an event, the device, skbaddr, len, comm/pid and line', () => {
    expect(table.eventName(1)).toBe('net:net_dev_start_xmit');
    expect(table.device(1)).toBe('docker0');
    expect(table.skbaddr(1)).toBe('0xffff88810b474800');
    expect(table.len(1)).toBe(98);
    expect(table.comm(1)).toBe('ping');
    expect(table.pid(1)).toBe(9049);
    expect(table.line(1)).toBe(2);
    expect(table.fields(1)).toContain('transport_offset: 34');
  });

  it('puts each exit event, which names no device or skb, with the entry it closes', () => {
    const exit = 6; // net:netif_rx_exit() after net:netif_rx_entry(name: "eth0", skbaddr: …4800)
    expect(table.eventName(exit)).toBe('net:netif_rx_exit');
    expect(table.rows()[table.rowOf(exit)]?.device).toBe('eth0');
    expect(table.packetOf(exit)).toBe(table.packetOf(4));
    expect(table.rows().map((r) => r.label)).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
  });
});

describe('the UDP drop', () => {
  const { table } = traceFromText(readFixture('udp-closed-port-drop.btf.txt'));

  it('puts kfree_skb, which names no device, on eth0 where the datagram was last seen', () => {
    const drop = 16;
    expect(table.eventName(drop)).toBe('skb:kfree_skb');
    expect(table.device(drop)).toBeNull();
    expect(table.rows()[table.rowOf(drop)]?.device).toBe('eth0');
  });
});

describe('perf script (system-wide, seconds)', () => {
  const { table } = traceFromText(readFixture('ping2-system-wide.perf-script.txt'));

  it('converts seconds to microseconds exactly and keeps the CPU', () => {
    expect(table.time(0)).toBe(5027134228);
    expect(table.cpu(0)).toBe(0);
    expect(table.comm(22)).toBe('swapper');
    expect(table.pid(22)).toBe(0);
  });
});
