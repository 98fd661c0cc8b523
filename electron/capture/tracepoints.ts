/**
 * The tracepoints that carry packets, read from the target itself: tracefs first, then
 * `perf list`, else a built-in list. Also tells which chosen names or globs match none of them.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TracepointGroup } from '../../shared/capture/capture-settings';

/** Subsystems whose tracepoints see packets (skbaddr) or the sockets and devices they pass. */
export const PACKET_SUBSYSTEMS = ['net', 'skb', 'napi', 'qdisc', 'tcp', 'udp', 'sock', 'neigh', 'fib', 'fib6', 'bridge', 'xdp', 'page_pool'];

/** Where tracefs keeps its events: its own mount, or the older place under debugfs. */
export const TRACEFS_EVENT_DIRS = ['/sys/kernel/tracing/events', '/sys/kernel/debug/tracing/events'];

/** What every kernel since 5.x has, for when the target's own list cannot be read. */
export const BUILT_IN_TRACEPOINTS: readonly TracepointGroup[] = [
  {
    subsystem: 'napi',
    events: ['napi:napi_poll'],
  },
  {
    subsystem: 'net',
    events: [
      'net:napi_gro_frags_entry',
      'net:napi_gro_frags_exit',
      'net:napi_gro_receive_entry',
      'net:napi_gro_receive_exit',
      'net:net_dev_queue',
      'net:net_dev_start_xmit',
      'net:net_dev_xmit',
      'net:net_dev_xmit_timeout',
      'net:netif_receive_skb',
      'net:netif_receive_skb_entry',
      'net:netif_receive_skb_exit',
      'net:netif_receive_skb_list_entry',
      'net:netif_receive_skb_list_exit',
      'net:netif_rx',
      'net:netif_rx_entry',
      'net:netif_rx_exit',
    ],
  },
  { subsystem: 'skb', events: ['skb:consume_skb', 'skb:kfree_skb', 'skb:skb_copy_datagram_iovec'] },
];

/**
 * The packet subsystems' tracepoints under a tracefs events folder, or null when that folder cannot
 * be read (not mounted there, or not readable by this user).
 */
export async function tracepointsFromTracefs(eventsDir: string): Promise<TracepointGroup[] | null> {
  let present: string[];
  try {
    present = await readdir(eventsDir);
  } catch {
    return null;
  }
  const groups: TracepointGroup[] = [];
  for (const subsystem of PACKET_SUBSYSTEMS.filter((s) => present.includes(s))) {
    // Each tracepoint is a folder; the files beside them (enable, filter) are the subsystem's own.
    const entries = await readdir(join(eventsDir, subsystem), { withFileTypes: true }).catch(() => []);
    const events = entries.filter((e) => e.isDirectory()).map((e) => `${subsystem}:${e.name}`);
    if (events.length > 0) groups.push({ subsystem, events: events.sort() });
  }
  return groups;
}

/** `perf list --raw-dump tracepoint` prints every tracepoint as `subsystem:event`, separated by spaces. */
export function tracepointsFromPerfList(rawDump: string): TracepointGroup[] {
  const bySubsystem = new Map<string, Set<string>>();
  for (const name of rawDump.split(/\s+/)) {
    const colon = name.indexOf(':');
    if (colon <= 0) continue;
    const subsystem = name.slice(0, colon);
    if (!PACKET_SUBSYSTEMS.includes(subsystem)) continue;
    const events = bySubsystem.get(subsystem) ?? new Set<string>();
    events.add(name);
    bySubsystem.set(subsystem, events);
  }
  return PACKET_SUBSYSTEMS.filter((s) => bySubsystem.has(s)).map((subsystem) => ({
    subsystem,
    events: [...(bySubsystem.get(subsystem) ?? [])].sort(),
  }));
}

/** The chosen names and globs (`net:*`, `skb:?free_skb`) that match no tracepoint in the list. */
export function unmatchedEvents(chosen: readonly string[], groups: readonly TracepointGroup[]): string[] {
  const known = groups.flatMap((g) => g.events);
  return chosen.filter((pattern) => {
    const matches = globMatcher(pattern);
    return !known.some((name) => matches(name));
  });
}

function globMatcher(pattern: string): (name: string) => boolean {
  if (!/[*?]/.test(pattern)) return (name) => name === pattern;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}
