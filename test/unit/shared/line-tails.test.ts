/**
 * The parser reads a line whose tail (all after the time; for perf script, after comm, pid, CPU
 * and time too) it has read before from what it made of it then. A line must come out the same
 * either way: here every line of a trace read in one parser is checked against the same line read
 * by a parser of its own, which has seen no tail before.
 */
import { describe, expect, it } from 'vitest';
import { LAYOUTS, NONE } from '../../../shared/trace/event-batch';
import { TraceParser } from '../../../shared/trace/trace-parser';
import { syntheticTrace } from '../../support/synthetic-trace';

type Seen = (string | number | null)[];

/** Every event of `text` as the parser gives it, strings as text, drops with their reason and location. */
function events(text: string, chunk = 1 << 16): Seen[] {
  const p = new TraceParser();
  const strings: string[] = [];
  const out: Seen[] = [];
  // Each chunk in turn, then the end (null), a batch taken after each.
  const pieces: (string | null)[] = Array.from({ length: Math.ceil(text.length / chunk) }, (_, k) => text.slice(k * chunk, (k + 1) * chunk));
  for (const piece of [...pieces, null]) {
    if (piece === null) p.end();
    else p.push(piece);
    const b = p.takeBatch();
    if (!b) continue;
    strings.push(...b.newStrings);
    const s = (i: number | undefined): string | null => (i === undefined || i === NONE ? null : (strings[i] as string));
    for (let i = 0; i < b.count; i++) {
      const d = b.dropEvent.indexOf(i);
      out.push([b.timeUs[i] as number, s(b.event[i]), s(b.device[i]), s(b.skbaddr[i]), b.len[i] as number, s(b.comm[i]), b.pid[i] as number, b.cpu[i] as number, LAYOUTS[b.layout[i] as number] as string, d < 0 ? null : s(b.dropReason[d]), d < 0 ? null : s(b.dropLocation[d])]);
    }
  }
  return out;
}

/** Each line of `text` read by a parser of its own, which has seen no tail before. */
function eachAlone(text: string): Seen[] {
  return text.split('\n').flatMap((line) => events(`${line}\n`));
}

/** Lines whose tails come back with other times, comms, pids and CPUs before them. */
function repeatingTails(): string {
  const tails = [
    ' net:net_dev_queue(skbaddr: 0xffff88810b474800, len: 98, name: "docker0")',
    ' skb:kfree_skb(skbaddr: 0xFFFF88810B474800, location: 0xffffffff8193c9d8, protocol: 2048, reason: 2)',
    ' net:net_dev_xmit(dev=eth0 skbaddr=0xffff88810b474800 len=98 rc=0)',
    ' net:netif_rx(skbaddr: 0x1, name: "a/1 net:odd(", len: 1)',
  ];
  const legacy = [' net:net_dev_queue:dev=veth1 skbaddr=0xffff88810b474800 len=98)', ' net:netif_rx:dev=a/12 net:x(len=1)'];
  const scriptTails = [': net:net_dev_queue: dev=docker0 skbaddr=0xffff88810b474800 len=98', ':   skb:kfree_skb: skbaddr=0xffff88810b474800 location=0xffffffff8193c9d8 protocol=2048 reason=NO_SOCKET  ', ': x 2 [001] 3.25: net:foo: len=1'];
  const comms = ['ping/9049', 'swapper/0/0', 'my prog/12', 'kworker/u8:2/7'];
  const scriptComms = ['ping  9049 [000]', 'my prog 12 [001]', 'a 1', 'swapper/0     0 [003]'];
  const lines: string[] = [];
  for (let k = 0; k < 60; k++) {
    const ms = (k * 1.25).toFixed(3).padStart(10);
    lines.push(`${ms} ${comms[k % comms.length]}${tails[k % tails.length]}`);
    lines.push(`${ms}${legacy[k % legacy.length]}`);
    lines.push(`${scriptComms[k % scriptComms.length]} ${(5000 + k / 1000).toFixed(6)}${scriptTails[k % scriptTails.length]}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('lines whose tails were read before', () => {
  it('come out as each line does read alone, in every layout, drops with their reason and location', () => {
    const text = repeatingTails();
    const whole = events(text);
    expect(whole).toEqual(eachAlone(text));
    expect(whole.length).toBe(180);
    expect(whole.filter((e) => e[1] === 'skb:kfree_skb' && e[9] !== null).length).toBe(15 + 20);
  });

  it('come out right where the tail that followed last time is not quite the one that follows now', () => {
    // A then B, A then B with one byte changed at its end, A then B a byte longer or shorter: B is foretold after A each time.
    const a = 'ping/1 net:net_dev_queue(skbaddr: 0xffff88810b474800, len: 98, name: "eth0")';
    const bs = ['ping/1 net:net_dev_xmit(skbaddr: 0xffff88810b474800, len: 98, name: "eth0")', 'ping/1 net:net_dev_xmit(skbaddr: 0xffff88810b474800, len: 98, name: "eth1")', 'ping/1 net:net_dev_xmit(skbaddr: 0xffff88810b474800, len: 98, name: "eth10")', 'ping/1 net:net_dev_xmit(skbaddr: 0xffff88810b474800, len: 9, name: "eth1")'];
    const text = `${Array.from({ length: 40 }, (_, k) => `${(k / 10).toFixed(3)} ${k % 2 ? (bs[(k >> 1) % bs.length] as string) : a}`).join('\n')}\n`;
    const whole = events(text);
    expect(whole).toEqual(eachAlone(text));
    expect(new Set(whole.map((e) => `${e[2]} ${e[4]}`))).toEqual(new Set(['eth0 98', 'eth1 98', 'eth10 98', 'eth1 9']));
  });

  it('come out right in synthetic traces of every layout', () => {
    for (const layout of LAYOUTS) {
      const text = syntheticTrace({ events: 3000, seed: 3, layout });
      expect(events(text), layout).toEqual(eachAlone(text));
    }
  });

  it('come out right past the most tails kept, and where tails stop repeating for a while', () => {
    // 40,000 tails seen once each (more than are kept, and too few found to keep looking), then the first ones again.
    const line = (k: number): string => `${(k / 1000).toFixed(3).padStart(10)} ping/1 net:netif_rx(skbaddr: 0x${(k % 40_000).toString(16)}, len: ${k % 7}, name: "eth${k % 3}")`;
    const text = `${Array.from({ length: 90_000 }, (_, k) => line(k)).join('\n')}\n`;
    const seen = events(text);
    expect(seen.length).toBe(90_000);
    // A parser per line is slow: lines from all along, and more of the last ones, whose tails come back.
    for (let k = 0; k < seen.length; k += k < 80_000 ? 331 : 7) expect(seen[k], `line ${k + 1}`).toEqual(events(`${line(k)}\n`)[0]);
  });
});
