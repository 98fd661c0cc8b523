/**
 * The timeline with its side panels: the selected packet's hops, the clicked event, the packets
 * (journeys) with their search, the drops, the rows, the skbaddrs.
 */
import { type Ref, useCallback, useMemo } from 'react';
import { NONE } from '../../shared/trace/event-batch';
import { DropSummaryPanel } from '../journeys/DropSummaryPanel';
import { JourneyList } from '../journeys/JourneyList';
import type { TraceJourneys } from '../journeys/use-journeys';
import type { JourneySearch } from '../journeys/use-journey-search';
import type { LoadedTrace } from '../loading/trace-loader';
import { DetailsPanel } from '../panels/DetailsPanel';
import { HopList } from '../panels/HopList';
import { Legend } from '../panels/Legend';
import { RowsPanel } from '../panels/RowsPanel';
import { EventLooks, type Highlight, NO_HIGHLIGHT } from '../timeline/event-looks';
import { type TimelineHandle, TimelineView } from '../timeline/TimelineView';

interface Props {
  trace: LoadedTrace;
  revision: number;
  journeys: TraceJourneys | null;
  search: JourneySearch;
  onQuery(query: string): void;
  highlight: Highlight;
  onHighlight(highlight: Highlight): void;
  onFollowing(following: boolean): void;
  timeline: Ref<TimelineHandle>;
  zoomTo(startUs: number, endUs: number): void;
  hiddenRows: ReadonlySet<number>;
  onHiddenRows(hidden: ReadonlySet<number>): void;
}

export function Workspace({ trace, revision, journeys, search, onQuery, highlight, onHighlight, onFollowing, timeline, zoomTo, hiddenRows, onHiddenRows }: Props) {
  const { table } = trace;
  const looks = useMemo(() => new EventLooks(table, journeys, highlight, search.matches), [table, journeys, highlight, search.matches, revision]);
  const selectEvent = useCallback(
    (event: number | null) => {
      if (event === null) return onHighlight(NO_HIGHLIGHT);
      const packet = table.packetOf(event);
      const journey = journeys?.journeyOf[event] ?? NONE;
      onHighlight({ packet: packet === NONE ? null : packet, journey: journey === NONE ? null : journey, event });
    },
    [table, journeys, onHighlight],
  );
  const selected = looks.selectedJourney();
  const selectedJourney = selected === null ? null : (journeys?.journeys[selected] ?? null);
  return (
    <>
      <TimelineView
        ref={timeline}
        table={table}
        revision={revision}
        journeys={journeys}
        matches={search.matches}
        highlight={highlight}
        onEventClick={selectEvent}
        onFollowing={onFollowing}
        loading={trace.loading}
        hiddenRows={hiddenRows}
      />
      <aside className="side">
        {(highlight.packet !== null || highlight.journey !== null) && (
          <HopList
            table={table}
            events={looks.selectedEvents()}
            color={selectedJourney ? looks.color(selectedJourney.first) : looks.addressColor(highlight.packet ?? 0)}
            address={table.packetAddress(selectedJourney?.packet ?? highlight.packet ?? 0)}
            journey={selectedJourney}
            roundTrip={looks.roundTrip()}
            focusedEvent={highlight.event}
            onFocus={(e) => onHighlight({ ...highlight, event: e })}
            onZoom={zoomTo}
          />
        )}
        {highlight.event !== null && <DetailsPanel key={highlight.event} trace={trace} event={highlight.event} />}
        {journeys && (
          <>
            <DropSummaryPanel journeys={journeys} onShow={onQuery} />
            <JourneyList
              table={table}
              journeys={journeys}
              search={search}
              onQuery={onQuery}
              selected={highlight.journey}
              onSelect={(j) => {
                onHighlight({ packet: j.packet, journey: j.id, event: null });
                zoomTo(j.startUs, j.endUs);
              }}
            />
          </>
        )}
        <RowsPanel table={table} revision={revision} hidden={hiddenRows} onChange={onHiddenRows} />
        <Legend table={table} revision={revision} colorOf={(p) => looks.addressColor(p)} selected={highlight.journey === null ? highlight.packet : null} onSelect={(p) => onHighlight({ packet: p, journey: null, event: null })} />
      </aside>
    </>
  );
}
