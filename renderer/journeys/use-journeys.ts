/**
 * The trace's packets as journeys, its round trips and its drops: computed when a trace has
 * loaded, and again at most once a second while a capture grows (the split is O(events)).
 */
import { useEffect, useState } from 'react';
import { DROP_REASONS_KEY, reasonsFromHeader } from '../../shared/journeys/drop-reasons';
import { type DropSummary, summarizeDrops } from '../../shared/journeys/drop-summary';
import { buildJourneys, type DropFields, type JourneyIndex } from '../../shared/journeys/journeys';
import { linkRoundTrips, type RoundTrip } from '../../shared/journeys/round-trips';
import type { LoadedTrace } from '../loading/trace-loader';
import { readDropFields } from './read-drop-fields';

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
  const text = trace?.text ?? null;
  const loading = trace?.loading ?? false;
  const reasons = trace?.metadata[DROP_REASONS_KEY];
  useEffect(() => {
    if (!table || !text) {
      setResult(null);
      return;
    }
    let current = true;
    let busy = false;
    const dropFields = new Map<number, string>();
    const fieldsOf: DropFields = (e) => dropFields.get(e) ?? '';
    const compute = async (): Promise<void> => {
      busy = true;
      const first = journeysOf(table, reasons, fieldsOf);
      setResult(first);
      // Drops are named once their lines are read back; until then their reason is unknown.
      const before = dropFields.size;
      await readDropFields(text, table, first, dropFields);
      if (current && dropFields.size > before) setResult(journeysOf(table, reasons, fieldsOf));
      busy = false;
    };
    void compute();
    const timer = loading ? setInterval(() => busy || void compute(), LIVE_REFRESH_MS) : undefined;
    return () => {
      current = false;
      clearInterval(timer);
    };
    // Recomputed per table, when loading ends, and on a timer while it grows; not per batch.
  }, [table, text, loading, reasons]);
  return result;
}

function journeysOf(table: LoadedTrace['table'], reasonsHeader: string | undefined, fieldsOf: DropFields): TraceJourneys {
  const index = buildJourneys(table, reasonsFromHeader(reasonsHeader), fieldsOf);
  const roundTrips = linkRoundTrips(index.journeys);
  const tripOf = new Map<number, RoundTrip>();
  for (const t of roundTrips) {
    tripOf.set(t.request, t);
    tripOf.set(t.reply, t);
  }
  return { ...index, roundTrips, tripOf, drops: summarizeDrops(index.journeys) };
}
