/**
 * The trace's packets as journeys, its round trips and its drops: computed when a trace has
 * loaded, and once a second while a small capture grows (the split is O(events)), a slice at a
 * time between frames.
 */
import { useEffect, useState } from 'react';
import { DROP_REASONS_KEY, reasonsFromHeader } from '../../shared/journeys/drop-reasons';
import { type DropSummary, summarizeDrops } from '../../shared/journeys/drop-summary';
import { JourneyBuilder, type JourneyIndex } from '../../shared/journeys/journeys';
import { type RoundTrip, RoundTripLinker, type TripIndex } from '../../shared/journeys/round-trips';
import type { TraceTable } from '../../shared/trace/trace-table';
import type { LoadedTrace } from '../loading/trace-loader';

export interface TraceJourneys extends JourneyIndex {
  /** The table they were split from: a new trace's journeys are not its predecessor's. */
  table: TraceTable;
  roundTrips: RoundTrip[];
  /** Round trip by journey (request or reply). */
  tripOf: TripIndex;
  drops: DropSummary;
}

const LIVE_REFRESH_MS = 1000;
/**
 * A growing trace is split again each second only while it is this small (a ping, a few
 * connections): each split takes every event again, and a busy capture would pay for that in pace
 * (at 25,000 events/s, splitting up to 100,000 events put the newest event on screen a third
 * later). Larger ones are split when whole.
 */
const LIVE_SPLIT_MAX_EVENTS = 20_000;
/** Each slice of the split works this long at most, leaving the rest of the frame to drawing, so zooming stays smooth meanwhile. */
const SLICE_MS = 6;
/** Work done between looks at the clock. */
const STEP = 1024;

export function useJourneys(trace: LoadedTrace | null): TraceJourneys | null {
  const [result, setResult] = useState<TraceJourneys | null>(null);
  const table = trace?.table ?? null;
  const loading = trace?.loading ?? false;
  const reasonsHeader = trace?.metadata[DROP_REASONS_KEY];
  useEffect(() => {
    if (!table) {
      setResult(null);
      return;
    }
    // A growing trace keeps showing its last split while the next is made; another trace shows none.
    setResult((last) => (last?.table === table ? last : null));
    let current = true;
    let busy = false;
    const reasons = reasonsFromHeader(reasonsHeader);
    const compute = async (): Promise<void> => {
      busy = true;
      const builder = new JourneyBuilder(table, reasons, loading);
      while (!slice(builder)) {
        await nextSlice();
        if (!current) return;
      }
      const index = builder.result();
      const linker = new RoundTripLinker(index.journeys);
      while (!slice(linker)) {
        await nextSlice();
        if (!current) return;
      }
      setResult({ ...index, table, roundTrips: linker.trips, tripOf: linker, drops: summarizeDrops(index.journeys) });
      busy = false;
    };
    const small = (): boolean => table.count <= LIVE_SPLIT_MAX_EVENTS;
    // A growing trace is first split a second in: by then a busy capture has outgrown splitting,
    // and its first second goes to showing events rather than to a split soon thrown away.
    if (!loading) void compute();
    const timer = loading
      ? setInterval(() => {
          if (busy) return;
          if (small()) void compute();
          else setResult(null);
        }, LIVE_REFRESH_MS)
      : undefined;
    return () => {
      current = false;
      clearInterval(timer);
    };
    // Recomputed per table, when loading ends, and on a timer while it grows; not per batch.
  }, [table, loading, reasonsHeader]);
  return result;
}

/** One slice of work; true once it is all done. */
function slice(work: { step(budget: number): boolean }): boolean {
  const deadline = performance.now() + SLICE_MS;
  for (;;) {
    if (work.step(STEP)) return true;
    if (performance.now() >= deadline) return false;
  }
}

function nextSlice(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
