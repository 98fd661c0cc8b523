/**
 * The trace's packets as journeys, its round trips and its drops: computed when a trace has
 * loaded, and again at most once a second while a capture grows (the split is O(events)).
 */
import { useEffect, useState } from 'react';
import { DROP_REASONS_KEY, reasonsFromHeader } from '../../shared/journeys/drop-reasons';
import { type DropSummary, summarizeDrops } from '../../shared/journeys/drop-summary';
import { buildJourneys, type JourneyIndex } from '../../shared/journeys/journeys';
import { linkRoundTrips, type RoundTrip } from '../../shared/journeys/round-trips';
import type { LoadedTrace } from '../loading/trace-loader';

export interface TraceJourneys extends JourneyIndex {
  roundTrips: RoundTrip[];
  /** Round trip by journey (request or reply). */
  tripOf: Map<number, RoundTrip>;
  drops: DropSummary;
}

const LIVE_REFRESH_MS = 1000;

export function useJourneys(trace: LoadedTrace | null): TraceJourneys | null {
  const [result, setResult] = useState<TraceJourneys | null>(null);
  const table = trace?.table ?? null;
  const loading = trace?.loading ?? false;
  const reasons = trace?.metadata[DROP_REASONS_KEY];
  useEffect(() => {
    if (!table) {
      setResult(null);
      return;
    }
    const compute = (): void => setResult(journeysOf(trace?.table ?? table, reasons));
    compute();
    if (!loading) return;
    const timer = setInterval(compute, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
    // Recomputed per table, when loading ends, and on a timer while it grows; not per batch.
  }, [table, loading, reasons]);
  return result;
}

function journeysOf(table: LoadedTrace['table'], reasonsHeader: string | undefined): TraceJourneys {
  const index = buildJourneys(table, reasonsFromHeader(reasonsHeader));
  const roundTrips = linkRoundTrips(index.journeys);
  const tripOf = new Map<number, RoundTrip>();
  for (const t of roundTrips) {
    tripOf.set(t.request, t);
    tripOf.set(t.reply, t);
  }
  return { ...index, roundTrips, tripOf, drops: summarizeDrops(index.journeys) };
}
