import { describe, expect, it } from 'vitest';
import { parseFields } from '../../../shared/trace/parse-fields';
import { type LineEvent, parseLine } from '../../../shared/trace/parse-line';

function event(line: string): LineEvent {
  const r = parseLine(line);
  if (r.kind !== 'event') throw new Error(`not an event (${JSON.stringify(r)}): ${line}`);
  return r;
}

function fields(line: string): Record<string, string> {
  const e = event(line);
  return Object.fromEntries(parseFields(e.layout, e.fields).map((f) => [f.key, f.value]));
}

describe('the four layouts', () => {
  it('perf trace 5.5 and later (BTF)', () => {
    const e = event('     0.221 ping/9049 net:net_dev_queue(skbaddr: 0xffff88810b474200, len: 98, name: "eth0")');
    expect(e).toMatchObject({ layout: 'perf-trace', timeUs: 221, event: 'net:net_dev_queue', comm: 'ping', pid: 9049, cpu: null });
    expect(parseFields(e.layout, e.fields)).toEqual([
      { key: 'skbaddr', value: '0xffff88810b474200' },
      { key: 'len', value: '98' },
      { key: 'name', value: 'eth0' },
    ]);
  });

  it('perf trace --libtraceevent_print', () => {
    const e = event('     0.000 ping/9322 net:net_dev_queue(dev=docker0 skbaddr=0xffff88810a497a00 len=98)');
    expect(e).toMatchObject({ layout: 'perf-trace-libtraceevent', timeUs: 0, comm: 'ping', pid: 9322 });
    expect(fields('     0.000 ping/9322 net:net_dev_queue(dev=docker0 skbaddr=0xffff88810a497a00 len=98)')).toEqual({
      dev: 'docker0',
      skbaddr: '0xffff88810a497a00',
      len: '98',
    });
  });

  it('perf trace before 5.5: no comm/pid, `event:` then fields and a closing parenthesis', () => {
    const line = '     0.010 net:net_dev_queue:dev=veth1a2b3c4 skbaddr=0xffff8e847720a900 len=98)';
    expect(event(line)).toMatchObject({ layout: 'perf-trace-legacy', timeUs: 10, comm: null, pid: null });
    expect(fields(line)).toEqual({ dev: 'veth1a2b3c4', skbaddr: '0xffff8e847720a900', len: '98' });
  });

  it('perf script: comm, pid, [cpu], seconds', () => {
    const line =
      '            ping  9156 [000]  5027.134228:                net:net_dev_queue: dev=docker0 skbaddr=0xffff888109e78c00 len=98';
    expect(event(line)).toMatchObject({ layout: 'perf-script', timeUs: 5_027_134_228, comm: 'ping', pid: 9156, cpu: 0 });
    expect(fields(line)).toEqual({ dev: 'docker0', skbaddr: '0xffff888109e78c00', len: '98' });
  });
});

describe('odd but real lines', () => {
  it('reads -T absolute timestamps (milliseconds since boot) to the microsecond', () => {
    expect(event('5027134.228 ping/9049 net:netif_rx(skbaddr: 0xffff88810b474800, len: 84, name: "eth0")').timeUs).toBe(
      5_027_134_228,
    );
  });

  it('keeps nanoseconds from perf script --ns as a fraction of a microsecond', () => {
    expect(event(' ping 1 [001] 12.000000250: net:netif_rx: dev=eth0 skbaddr=0x1 len=1').timeUs).toBeCloseTo(12_000_000.25, 6);
  });

  it('accepts an event whose fields perf left out because they were zero', () => {
    const e = event('     0.151 ping/9049 net:netif_rx_exit()');
    expect(e.event).toBe('net:netif_rx_exit');
    expect(parseFields(e.layout, e.fields)).toEqual([]);
  });

  it('reads quoted strings with spaces, commas and escaped quotes', () => {
    expect(fields('     1.000 a/1 net:net_dev_queue(skbaddr: 0x1, len: 2, name: "my \\"odd\\", dev")')).toEqual({
      skbaddr: '0x1',
      len: '2',
      name: 'my "odd", dev',
    });
  });

  it('keeps hex and negative numbers as printed', () => {
    expect(fields('     0.088 ping/9322 net:net_dev_xmit(dev=eth0 skbaddr=0xffff8 len=98 rc=-22 protocol=0x0800)')).toMatchObject({
      rc: '-22',
      protocol: '0x0800',
    });
    expect(fields('     0.088 ping/9322 net:net_dev_xmit(skbaddr: 0xffff8, len: 98, rc: -22, name: "eth0")').rc).toBe('-22');
  });

  it('reads libtraceevent `key: value` pieces and values with spaces', () => {
    const line =
      '  ping  9156 [000]  5027.134285:  skb:kfree_skb: skbaddr=0xffff888109e78200 rx_sk=(nil) protocol=2048 location=ping_rcv+0xab reason: NO_SOCKET';
    expect(fields(line)).toEqual({
      skbaddr: '0xffff888109e78200',
      rx_sk: '(nil)',
      protocol: '2048',
      location: 'ping_rcv+0xab',
      reason: 'NO_SOCKET',
    });
  });

  it('takes commands with spaces and slashes in their name', () => {
    expect(event('     0.500 kworker/u8:2-events/77 net:netif_rx(skbaddr: 0x1, len: 1, name: "eth0")')).toMatchObject({
      comm: 'kworker/u8:2-events',
      pid: 77,
    });
    expect(event('     0.500 Web Content/4242 net:netif_rx(skbaddr: 0x1, len: 1, name: "eth0")').comm).toBe('Web Content');
    expect(event('  Web Content  4242/4250 [003] 1.000001:  net:netif_rx: dev=eth0 skbaddr=0x1 len=1')).toMatchObject({
      comm: 'Web Content',
      pid: 4250,
      cpu: 3,
    });
  });

  it('reads BTF arrays and nested braces as one value', () => {
    expect(fields('     0.1 a/1 net:x(saddr: [1, 2, 3], inner: {a: 1, b: "x, y"}, len: 5)')).toEqual({
      saddr: '[1, 2, 3]',
      inner: '{a: 1, b: "x, y"}',
      len: '5',
    });
  });
});

describe('lines that are not events say why', () => {
  const reason = (line: string): string => {
    const r = parseLine(line);
    return r.kind === 'skip' ? r.reason : r.kind;
  };

  it('blank lines are blank, whatever their white space', () => {
    expect(parseLine('')).toEqual({ kind: 'blank' });
    expect(parseLine('   \t ')).toEqual({ kind: 'blank' });
  });

  it('comments are comments, and header lines name their key', () => {
    expect(parseLine('# ========')).toEqual({ kind: 'comment', key: null, value: '========' });
    expect(parseLine('  # captured on : Mon Nov 23 10:00:01 2026')).toEqual({ kind: 'comment', key: 'captured on', value: 'Mon Nov 23 10:00:01 2026' });
    expect(parseLine('# cmdline : perf trace -e net:* -- ping -c1 x')).toEqual({ kind: 'comment', key: 'cmdline', value: 'perf trace -e net:* -- ping -c1 x' });
    expect(parseLine('#')).toEqual({ kind: 'comment', key: null, value: '' });
  });

  it("perf's lost-events notes, with their count", () => {
    expect(parseLine('LOST 17 events!')).toEqual({ kind: 'lost', count: 17 });
  });

  it("perf's own messages", () => {
    expect(reason('Warning:')).toBe("perf's own message");
    expect(reason(' Summary of events:')).toBe("perf's own message");
    expect(reason('[ perf record: Woken up 1 times to write data ]')).toBe("perf's own message");
    expect(reason('Error: No permissions to read /sys/kernel/tracing/events/net/net_dev_queue')).toBe("perf's own message");
  });

  it('a line cut off before its closing parenthesis', () => {
    expect(reason('     0.355 ping/9049 net:netif_receive_skb(skbaddr: 0xffff88810b474200, len: 8')).toMatch(/cut off/);
    expect(reason('     0.276 net:netif_receive_skb_exit:ret=0')).toMatch(/cut off/);
  });

  it('system calls from perf trace without --no-syscalls', () => {
    expect(reason('     0.011 ( 0.004 ms): ping/9049 socket(family: INET, type: DGRAM) = 3')).toMatch(/system call/);
  });

  it('text that is not perf output at all', () => {
    expect(reason('PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.')).toBe('not a perf tracepoint event');
    expect(reason('64 bytes from 172.17.0.2: icmp_seq=1 ttl=64 time=0.081 ms')).toBe('not a perf tracepoint event');
    expect(reason('\u0000\u0001binary\uFFFD')).toBe('not a perf tracepoint event');
  });

  it('a timestamp too large to keep microseconds', () => {
    expect(reason('99999999999999999.000 a/1 net:netif_rx(skbaddr: 0x1, len: 1, name: "eth0")')).toMatch(/timestamp/);
  });
});
