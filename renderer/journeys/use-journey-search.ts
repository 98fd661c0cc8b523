/**
 * The packet search (`dev:eth0 len>1000 dropped`) applied to the trace's journeys: which of them
 * match, for the journey list, the timeline (the others fade) and the exported image.
 */
import { useMemo } from 'react';
import { type JourneyFilter, parseJourneyFilter } from '../../shared/journeys/journey-filter';
import type { JourneyIndex } from '../../shared/journeys/journeys';
import type { TraceTable } from '../../shared/trace/trace-table';

export interface JourneySearch {
  query: string;
  filter: JourneyFilter;
  /** Per journey, 1 where it matches; null while nothing is searched for (or journeys are not known yet). */
  matches: Uint8Array | null;
}

/** Without a trace there is nothing to search. */
const NO_FILTER: JourneyFilter = { test: () => true, problems: [], empty: true };

export function useJourneySearch(query: string, table: TraceTable | null, journeys: JourneyIndex | null): JourneySearch {
  const filter = useMemo(() => (table ? parseJourneyFilter(query, table) : NO_FILTER), [query, table]);
  const matches = useMemo(() => (journeys && !filter.empty ? Uint8Array.from(journeys.journeys, (j) => (filter.test(j) ? 1 : 0)) : null), [journeys, filter]);
  return { query, filter, matches };
}
