import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, MAX_SKIPPED_KEPT, TraceParser } from '../../../shared/trace/trace-parser';
import { TraceBuilder, traceFromText } from '../../../shared/trace/trace-builder';
import type { TraceTable } from '../../../shared/trace/trace-table';
import { readFixture } from '../../support/fixtures';

/** Everything a user can see of a table, to compare two parses. */
function snapshot(table: TraceTable): unknown[] {
  const out: unknown[] = [];
  for (let k = 0; k < table.count; k++) {
    const e = table.sorted(k);
    out.push([table.time(e), table.eventName(e), table.device(e), table.skbaddr(e), table.len(e), table.comm(e), table.pid(e), table.line(e), table.fields(e), table.rowOf(e), table.packetOf(e)]);
  }
  return out;
}

describe('chunked input', () => {
  it('gives the same trace whatever byte the text is split at', () => {
    const text = readFixture('udp-closed-port-drop.btf.txt');
    const whole = snapshot(traceFromText(text).table);
    for (let cut = 1; cut < text.length; cut++) {
      const b = new TraceBuilder();
      b.push(text.slice(0, cut));
      b.push(text.slice(cut));
      expect(snapshot(b.end().table), `split at ${cut}`).toEqual(whole);
    }
  });

  it('gives the same trace fed one character at a time, in every layout', () => {
    for (const file of ['ping-bridge-veth.libtraceevent.txt', 'ping-bridge-veth.perf4-style.txt', 'ping2-system-wide.perf-script.txt']) {
      const text = readFixture(file);
      const b = new TraceBuilder();
      for (const ch of text) b.push(ch);
      expect(snapshot(b.end().table), file).toEqual(snapshot(traceFromText(text).table));
    }
  });

  it('hands out batches as it goes, with the strings they need', () => {
    const p = new TraceParser();
    p.push('     0.000 ping/1 net:netif_rx(skbaddr: 0x1, len: 84, name: "eth0")\n     0.0');
    const first = p.takeBatch();
    expect(first?.count).toBe(1);
    expect(first?.newStrings).toEqual(['0x1', 'eth0', 'net:netif_rx', 'ping']);
    expect(p.takeBatch()).toBeNull();
    p.push('10 ping/1 net:netif_rx(skbaddr: 0x1, len: 84, name: "eth0")');
    expect(p.takeBatch()).toBeNull();
    p.end();
    const second = p.takeBatch();
    expect(second?.count).toBe(1);
    expect(second?.newStrings).toEqual([]);
    expect(second?.timeUs[0]).toBe(10);
  });
});

describe('a file with everything odd in it', () => {
  const text = [
    '# perf trace --no-syscalls -e net:* ping -c1 172.17.0.2',
    '',
    '     0.000 ping/9049 net:net_dev_queue(skbaddr: 0xffff88810b474800, len: 98, name: "docker0")\r',
    'Warning: some events were dropped',
    '     0.028 ping/9322 net:net_dev_queue(dev=vethb3f1c2a skbaddr=0xffff88810b474800 len=98)\r',
    'LOST 3 events!',
    '     0.040 net:netif_rx:dev=eth0 skbaddr=0xFFFF88810B474800 len=84)',
    '   \t',
    'PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.',
    '     0.050 ping/9049 net:netif_receive_skb(skbaddr: 0xffff88810b474800, len: 84, name: "eth0")',
    '     0.060 ping/9049 net:netif_receive_skb(skbaddr: 0xffff88810b47',
  ].join('\n');
  const trace = traceFromText(text);

  it('parses every event in whichever layout each line is in', () => {
    expect(trace.table.count).toBe(4);
    expect(trace.totals.layouts).toEqual({ 'perf-trace': 2, 'perf-trace-libtraceevent': 1, 'perf-trace-legacy': 1, 'perf-script': 0 });
    expect(trace.table.summary().devices).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
  });

  it('strips CRLF and treats skbaddrs case-insensitively', () => {
    expect(trace.table.device(0)).toBe('docker0');
    expect(trace.table.summary().skbaddrs).toBe(1);
  });

  it('counts and keeps each skipped line with its number and reason; blank and comment lines are not skipped', () => {
    expect(trace.totals.lines).toBe(11);
    expect(trace.totals.skippedLines).toBe(4);
    expect(trace.totals.commentLines).toBe(1);
    expect(trace.totals.lostEvents).toBe(3);
    expect(trace.skipped.map((s) => [s.line, s.reason])).toEqual([
      [4, "perf's own message"],
      [6, 'perf lost 3 events here'],
      [9, 'not a perf tracepoint event'],
      [11, 'cut off: the line ends before its closing parenthesis'],
    ]);
    expect(trace.skipped[2]?.text).toBe('PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.');
  });
});

describe('a header', () => {
  it('is read as the trace’s metadata, perf script --header style, first value of a key winning', () => {
    const header = [
      '# ========',
      '# captured on : 2026-11-25T13:00:00.000Z',
      '# hostname : bridge-host',
      '# os release : 6.18.44',
      '# perf version : perf version 6.1.187',
      "# cmdline : perf trace --no-syscalls -e 'net:*' -- ping -c1 172.17.0.2",
      '# ========',
      '# hostname : not this one',
    ].join('\n');
    const trace = traceFromText(`${header}\n${readFixture('ping-bridge-veth.btf.txt')}`);
    expect(trace.metadata).toEqual({
      'captured on': '2026-11-25T13:00:00.000Z',
      hostname: 'bridge-host',
      'os release': '6.18.44',
      'perf version': 'perf version 6.1.187',
      cmdline: "perf trace --no-syscalls -e 'net:*' -- ping -c1 172.17.0.2",
    });
    expect(trace.table.count).toBe(20);
    expect(trace.totals.skippedLines).toBe(0);
    expect(trace.totals.commentLines).toBe(8);
  });
});

describe('never throws, never grows without bound', () => {
  it('skips a line longer than the limit, even one that never ends, and goes on', () => {
    const b = new TraceBuilder();
    const junk = 'x'.repeat(1 << 16);
    for (let i = 0; i < 40; i++) b.push(junk); // 2.6 M characters, no newline
    b.push('\n     0.001 a/1 net:netif_rx(skbaddr: 0x1, len: 1, name: "eth0")\n');
    b.end();
    expect(b.table.count).toBe(1);
    expect(b.skipped[0]).toMatchObject({ line: 1, reason: `longer than ${MAX_LINE_CHARS / 1024} KiB: not a perf line` });
    expect(b.skipped[0]?.text.length).toBeLessThan(400);
  });

  it('keeps the first skipped lines to show, and counts them all', () => {
    const b = traceFromText('garbage\n'.repeat(MAX_SKIPPED_KEPT + 500));
    expect(b.totals.skippedLines).toBe(MAX_SKIPPED_KEPT + 500);
    expect(b.skipped.length).toBe(MAX_SKIPPED_KEPT);
  });

  it('reads NUL bytes and replacement characters as text that is not an event', () => {
    const b = traceFromText('\u0000\u0000\n\uFFFD\uFFFD(\n     0.001 a/1 net:netif_rx(skbaddr: 0x1, len: 1, name: "e\u0000th0")\n');
    expect(b.table.count).toBe(1);
    expect(b.totals.skippedLines).toBe(2);
  });
});

describe('time order', () => {
  it('sorts events that arrive out of order (several CPUs) and keeps their line numbers', () => {
    const lines = [
      ' a 1 [001] 10.000300: net:netif_rx: dev=eth0 skbaddr=0x2 len=1',
      ' a 1 [000] 10.000100: net:net_dev_queue: dev=docker0 skbaddr=0x1 len=1',
      ' a 1 [000] 10.000200: net:net_dev_queue: dev=eth0 skbaddr=0x1 len=1',
    ];
    const { table } = traceFromText(lines.join('\n'));
    const order = [0, 1, 2].map((k) => table.sorted(k));
    expect(order.map((e) => table.line(e))).toEqual([2, 3, 1]);
    expect(table.rows().map((r) => r.label)).toEqual(['docker0', 'eth0']);
    expect(table.endUs - table.startUs).toBe(200);
  });
});
