/** A packet's events in order, each with the time since the one before: where it went, how fast. */
import type { TraceTable } from '../trace/trace-table';

export interface Hop {
  event: number;
  timeUs: number;
  /** Time since the packet's previous event; null for its first. */
  deltaUs: number | null;
  device: string | null;
  eventName: string;
}

export function packetHops(table: TraceTable, packet: number): Hop[] {
  return hopsOf(table, table.packetEvents(packet));
}

/** Hops of any events in time order: a packet's, or one journey's. */
export function hopsOf(table: TraceTable, events: readonly number[]): Hop[] {
  let previous: number | null = null;
  return events.map((e) => {
    const timeUs = table.time(e);
    const hop: Hop = {
      event: e,
      timeUs,
      deltaUs: previous === null ? null : timeUs - previous,
      device: table.device(e) ?? table.rows()[table.rowOf(e)]?.device ?? null,
      eventName: table.eventName(e),
    };
    previous = timeUs;
    return hop;
  });
}

/**
 * Events that report back on a device the packet already went through: a transmit completing
 * (`net_dev_xmit` returns after the whole nested path below it ran) and `_exit` events.
 */
function isReturn(eventName: string): boolean {
  return eventName === 'net:net_dev_xmit' || eventName.endsWith('_exit');
}

/**
 * The devices a packet crossed, in order, without repeats in a row: docker0 → vethb3f1c2a → eth0.
 * Returns are left out, or a request would read docker0 → veth → eth0 → veth → docker0 → eth0.
 */
export function packetPath(hops: readonly Hop[]): string[] {
  const path: string[] = [];
  for (const h of hops) {
    if (h.device !== null && !isReturn(h.eventName) && path[path.length - 1] !== h.device) path.push(h.device);
  }
  return path;
}
