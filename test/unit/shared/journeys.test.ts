import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reasonLabel, reasonsFromFormat, reasonsFromHeader, reasonsToHeader } from '../../../shared/journeys/drop-reasons';
import { buildJourneys, JourneyBuilder } from '../../../shared/journeys/journeys';
import { linkRoundTrips, RoundTripLinker } from '../../../shared/journeys/round-trips';
import { summarizeDrops } from '../../../shared/journeys/drop-summary';
import { exitOf } from '../../../shared/journeys/spans';
import { NONE } from '../../../shared/trace/event-batch';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { fixturePath, readFixture } from '../../support/fixtures';
import { syntheticTrace } from '../../support/synthetic-trace';

/** The reason table of the kernel the fixtures were captured on (Linux 6.18), as its tracefs prints it. */
const LINUX_6_18 = reasonsFromFormat(readFileSync(fixturePath('kfree_skb-format-linux-6.18.txt'), 'utf8'));
const DOCKER = ['docker0', 'vethb3f1c2a', 'eth0'];
const REPLY = ['eth0', 'vethb3f1c2a', 'docker0'];

describe('drop reasons', () => {
  it('are read from the kernel’s own tracepoint format', () => {
    expect(LINUX_6_18.get(3)).toBe('NO_SOCKET');
    expect(LINUX_6_18.get(12)).toBe('NETFILTER_DROP');
    expect(LINUX_6_18.size).toBeGreaterThan(100);
  });

  it('survive a trip through the trace header', () => {
    expect(reasonsFromHeader(reasonsToHeader(LINUX_6_18))).toEqual(LINUX_6_18);
  });
});

describe('journeys', () => {
  it('find five packets on the two skbaddrs of the system-wide ping', () => {
    const { table } = traceFromText(readFixture('ping2-system-wide.perf-script.txt'));
    const { journeys, journeyOf } = buildJourneys(table, new Map());
    expect(journeys.map((j) => [table.packetAddress(j.packet), j.path, j.len, j.fate])).toEqual([
      ['0xffff888109e78c00', DOCKER, 98, 'delivered'],
      ['0xffff888109e78200', REPLY, 98, 'benign-free'],
      ['0xffff888109e78200', REPLY, 70, 'dropped'],
      ['0xffff888109e78200', DOCKER, 98, 'delivered'],
      ['0xffff888109e78c00', REPLY, 98, 'benign-free'],
    ]);
    expect(journeys[1]?.drop).toMatchObject({ reason: 'NO_SOCKET', location: 'ping_rcv+0xab', device: 'docker0' });
    expect(journeys[1]?.drop?.benign).toMatch(/raw ICMP sockets/);
    expect(journeys[2]?.drop).toMatchObject({ reason: 'NOT_SPECIFIED', location: 'ip6_mc_input+0x15e', benign: null });
    // Every event of a packet belongs to exactly one journey, exit events with their entries.
    for (let e = 0; e < table.count; e++) if (table.packetOf(e) >= 0) expect(journeyOf[e]).toBeGreaterThanOrEqual(0);
    const exitAfterFree = 20; // line 21: netif_receive_skb_exit, after the reply's kfree_skb
    expect(table.eventName(exitAfterFree)).toBe('net:netif_receive_skb_exit');
    expect(journeyOf[exitAfterFree]).toBe(1);
  });

  it('name the UDP drop by the kernel’s reason table, and see the ICMP error delivered', () => {
    const { table } = traceFromText(readFixture('udp-closed-port-drop.btf.txt'));
    const plain = buildJourneys(table, new Map()).journeys;
    expect(plain[0]?.drop?.reason).toBe('3');
    const { journeys } = buildJourneys(table, LINUX_6_18);
    expect(journeys.map((j) => [j.path, j.fate])).toEqual([
      [DOCKER, 'dropped'],
      [REPLY, 'consumed'],
    ]);
    expect(journeys[0]?.drop).toMatchObject({ reason: 'NO_SOCKET', location: '0xffffffff820490cc', device: 'eth0', benign: null });
  });

  it('give each ping its journey, with its slowest hop', () => {
    const { table } = traceFromText(readFixture('ping-bridge-veth.btf.txt'));
    const { journeys } = buildJourneys(table, new Map());
    expect(journeys).toHaveLength(2);
    expect(journeys[0]).toMatchObject({ path: DOCKER, fate: 'delivered', startUs: table.startUs, events: expect.any(Array) });
    expect(journeys[0]?.events).toHaveLength(10);
    expect(journeys[0]?.longestHop?.us).toBe(62);
  });

  it('split the reused addresses of a TCP transfer into many more packets than addresses', () => {
    const { table } = traceFromText(readFixture('tcp-bulk-20MB.btf.txt'));
    const { journeys } = buildJourneys(table, new Map());
    expect(journeys.length).toBeGreaterThan(table.packetCount * 10);
    expect(journeys.every((j) => j.events.length > 0 && j.endUs >= j.startUs)).toBe(true);
  });
});

describe('round trips', () => {
  it('link each echo request to its reply, and not the IPv6 packet between them', () => {
    const { table } = traceFromText(readFixture('ping2-system-wide.perf-script.txt'));
    const { journeys } = buildJourneys(table, new Map());
    const trips = linkRoundTrips(journeys);
    expect(trips.map((t) => [t.request, t.reply])).toEqual([
      [0, 1],
      [3, 4],
    ]);
    // From the request's first event to the reply's last, its exit after the free included.
    expect(trips[0]?.roundTripUs).toBe(59);
  });

  it('link the ping through the bridge: 355 µs there and back', () => {
    const { table } = traceFromText(readFixture('ping-bridge-veth.btf.txt'));
    const trips = linkRoundTrips(buildJourneys(table, new Map()).journeys);
    expect(trips).toEqual([{ request: 0, reply: 1, roundTripUs: 355 }]);
  });

  it('on a busy host, are the ones a look at every journey of the next 50 ms finds', () => {
    const { table } = traceFromText(syntheticTrace({ events: 40_000, seed: 11 }));
    table.settle();
    const { journeys } = buildJourneys(table, new Map());
    // The plain way: each request against every later journey until one is too late.
    const replied = new Set<number>();
    const expected: [number, number][] = [];
    for (const req of journeys) {
      if (req.path.length < 2 || replied.has(req.id)) continue;
      for (const rep of journeys.slice(req.id + 1)) {
        if (rep.startUs - req.endUs > 50_000) break;
        const reverse = rep.path.length === req.path.length && rep.path.every((d, i) => d === req.path[req.path.length - 1 - i]);
        const sameClass = req.len !== null && rep.len !== null && Math.abs(req.len - rep.len) <= Math.max(req.len, rep.len) / 8;
        if (replied.has(rep.id) || rep.startUs < req.startUs || !reverse || !sameClass) continue;
        expected.push([req.id, rep.id]);
        replied.add(req.id).add(rep.id);
        break;
      }
    }
    expect(expected.length).toBeGreaterThan(100);
    expect(linkRoundTrips(journeys).map((t) => [t.request, t.reply])).toEqual(expected);
    // The window links them a slice at a time, to the same end.
    const linker = new RoundTripLinker(journeys);
    while (!linker.step(7));
    expect(linker.trips).toEqual(linkRoundTrips(journeys));
    // Each journey names its trip, whichever side of it it is; the rest name none.
    const tripOf = new Map(linker.trips.flatMap((t) => [[t.request, t] as const, [t.reply, t] as const]));
    expect(journeys.map((j) => linker.get(j.id))).toEqual(journeys.map((j) => tripOf.get(j.id)));
    expect(journeys.filter((j) => linker.get(j.id) === undefined).length).toBe(journeys.length - 2 * expected.length);
  });

  it('are split by the window a slice at a time, to the same end as at once', () => {
    const lines = syntheticTrace({ events: 40_000, seed: 12 }).split('\n').filter(Boolean);
    // After every 50th line, an exit nothing entered: an event of no packet, whose journey is NONE.
    const exit = (l: string): string => `${l.slice(0, l.indexOf(' ', l.search(/\d/)))} idle/7 net:netif_rx_exit()`;
    const { table } = traceFromText(`${lines.flatMap((l, i) => (i % 50 === 0 ? [l, exit(l)] : [l])).join('\n')}\n`);
    const whole = buildJourneys(table, new Map());
    expect(Array.from(whole.journeyOf).filter((j) => j === NONE)).toHaveLength(800);
    // A whole table, as the window has it once loaded: its rows are read where they lie.
    const builder = new JourneyBuilder(table, new Map(), false);
    let slices = 1;
    while (!builder.step(7)) slices++;
    const sliced = builder.result();
    expect(slices).toBeGreaterThan(1000);
    expect(Array.from(sliced.journeyOf)).toEqual(Array.from(whole.journeyOf));
    const seen = (js: typeof whole.journeys): unknown[] => js.map((j) => [j.packet, j.path, j.fate, j.events]);
    expect(seen(sliced.journeys)).toEqual(seen(whole.journeys));
  });

  it('do not take the ICMP error for the dropped datagram’s reply: their lengths differ', () => {
    const { table } = traceFromText(readFixture('udp-closed-port-drop.btf.txt'));
    expect(linkRoundTrips(buildJourneys(table, new Map()).journeys)).toEqual([]);
  });
});

describe('the drop summary', () => {
  it('counts real drops by reason and device, and the benign frees apart', () => {
    const { table } = traceFromText(readFixture('ping2-system-wide.perf-script.txt'));
    const summary = summarizeDrops(buildJourneys(table, new Map()).journeys);
    expect(summary).toEqual({
      drops: [{ reason: 'NOT_SPECIFIED', device: 'docker0', count: 1, journeys: [2] }],
      byReason: { NOT_SPECIFIED: 1 },
      benignFrees: 2,
    });
  });

  it('names the UDP drop on eth0', () => {
    const { table } = traceFromText(readFixture('udp-closed-port-drop.btf.txt'));
    expect(summarizeDrops(buildJourneys(table, LINUX_6_18).journeys).byReason).toEqual({ NO_SOCKET: 1 });
  });
});

describe('spans', () => {
  it('join each entry to the exit that closes it, inside its packet', () => {
    const { table } = traceFromText(readFixture('ping-bridge-veth.btf.txt'));
    const index = buildJourneys(table, new Map());
    const pairs: [string, string, number][] = [];
    for (let e = 0; e < table.count; e++) {
      const exit = exitOf(table, index, e);
      if (exit !== NONE) pairs.push([table.eventName(e), table.eventName(exit), Math.round(table.time(exit) - table.time(e))]);
    }
    // Lines 5–7 and 13–15 (netif_rx on eth0, then on the veth) and 18–20 (netif_receive_skb on docker0).
    expect(pairs).toEqual([
      ['net:netif_rx_entry', 'net:netif_rx_exit', 26],
      ['net:netif_rx_entry', 'net:netif_rx_exit', 28],
      ['net:netif_receive_skb_entry', 'net:netif_receive_skb_exit', 32],
    ]);
    expect(exitOf(table, index, 0)).toBe(NONE);
  });
});

describe('a drop reason as shown', () => {
  it('is its name, or says that a bare number is a reason whose name the trace lacks', () => {
    expect(reasonLabel('NO_SOCKET')).toBe('NO_SOCKET');
    expect(reasonLabel('2')).toBe('reason 2');
  });
});
