/**
 * Entry/exit pairs (`netif_receive_skb_entry` … `netif_receive_skb_exit`) are the time a packet
 * spent inside one kernel call: drawn as a bar from entry to exit. The pair is found inside the
 * packet's journey (the table already gave each exit its entry's packet and row), nesting allowed.
 */
import { NONE } from '../trace/event-batch';
import type { TraceTable } from '../trace/trace-table';
import type { JourneyIndex } from './journeys';

const ENTRY = /^(.*)_entry$/;

/** The exit that closes entry event `e`, or NONE when `e` is no entry or its exit is not in the trace. */
export function exitOf(table: TraceTable, index: JourneyIndex, e: number): number {
  const entry = ENTRY.exec(table.eventName(e));
  const j = index.journeyOf[e] ?? NONE;
  if (!entry || j === NONE) return NONE;
  const base = entry[1] as string;
  const events = index.journeys[j]?.events ?? [];
  let depth = 0;
  for (let i = events.indexOf(e) + 1; i < events.length; i++) {
    const name = table.eventName(events[i] as number);
    if (name === `${base}_entry`) depth++;
    else if (name === `${base}_exit` && depth-- === 0) return events[i] as number;
  }
  return NONE;
}
