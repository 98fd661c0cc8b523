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
  let previous: number | null = null;
  return table.packetEvents(packet).map((e) => {
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

/** The devices a packet crossed, in order, without repeats in a row: docker0 → vethb3f1c2a → eth0. */
export function packetPath(hops: readonly Hop[]): string[] {
  const path: string[] = [];
  for (const h of hops) if (h.device !== null && path[path.length - 1] !== h.device) path.push(h.device);
  return path;
}
