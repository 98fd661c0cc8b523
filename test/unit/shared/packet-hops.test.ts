import { describe, expect, it } from 'vitest';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { packetHops, packetPath } from '../../../shared/view/packet-hops';
import { readFixture } from '../../support/fixtures';

describe('a packet’s hops', () => {
  const { table } = traceFromText(readFixture('ping-bridge-veth.btf.txt'));

  it('reads the echo request as docker0 → vethb3f1c2a → eth0 and the reply the other way', () => {
    expect(packetPath(packetHops(table, 0))).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
    expect(packetPath(packetHops(table, 1))).toEqual(['eth0', 'vethb3f1c2a', 'docker0']);
  });

  it('lists every event of the packet in time order with the time since the one before', () => {
    const hops = packetHops(table, 0);
    expect(hops).toHaveLength(10);
    expect(hops[0]).toMatchObject({ deltaUs: null, device: 'docker0', eventName: 'net:net_dev_queue' });
    expect(hops[1]).toMatchObject({ deltaUs: 28, device: 'docker0', eventName: 'net:net_dev_start_xmit' });
    // The exit event names no device: it is shown on the device of the entry it closes.
    expect(hops[6]).toMatchObject({ eventName: 'net:netif_rx_exit', device: 'eth0', deltaUs: 12 });
    for (let i = 1; i < hops.length; i++) expect(hops[i]!.timeUs).toBeGreaterThanOrEqual(hops[i - 1]!.timeUs);
  });

  it('follows the same journeys in the libtraceevent and perf script layouts', () => {
    const lib = traceFromText(readFixture('ping-bridge-veth.libtraceevent.txt')).table;
    expect(packetPath(packetHops(lib, 0))).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
    const script = traceFromText(readFixture('ping2-system-wide.perf-script.txt')).table;
    expect(packetPath(packetHops(script, 0)).slice(0, 3)).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
  });
});
