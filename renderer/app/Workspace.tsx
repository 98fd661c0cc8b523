/** The timeline with its side panels: the selected packet's hops, the clicked event, the packets. */
import { type Ref, useCallback } from 'react';
import { DetailsPanel } from '../panels/DetailsPanel';
import { HopList } from '../panels/HopList';
import { Legend } from '../panels/Legend';
import { RowsPanel } from '../panels/RowsPanel';
import type { Highlight } from '../timeline/timeline-controller';
import { type TimelineHandle, TimelineView } from '../timeline/TimelineView';
import type { LoadedTrace } from '../loading/trace-loader';

interface Props {
  trace: LoadedTrace;
  revision: number;
  highlight: Highlight;
  onHighlight(highlight: Highlight): void;
  onFollowing(following: boolean): void;
  timeline: Ref<TimelineHandle>;
  zoomTo(startUs: number, endUs: number): void;
  hiddenRows: ReadonlySet<number>;
  onHiddenRows(hidden: ReadonlySet<number>): void;
}

export function Workspace({ trace, revision, highlight, onHighlight, onFollowing, timeline, zoomTo, hiddenRows, onHiddenRows }: Props) {
  const { table } = trace;
  const selectEvent = useCallback(
    (event: number | null) => {
      if (event === null) return onHighlight({ packet: null, event: null });
      const packet = table.packetOf(event);
      onHighlight({ packet: packet < 0 ? null : packet, event });
    },
    [table, onHighlight],
  );
  return (
    <>
      <TimelineView ref={timeline} table={table} revision={revision} highlight={highlight} onEventClick={selectEvent} onFollowing={onFollowing} loading={trace.loading} hiddenRows={hiddenRows} />
      <aside className="side">
        {highlight.packet !== null && (
          <HopList
            table={table}
            revision={revision}
            packet={highlight.packet}
            focusedEvent={highlight.event}
            onFocus={(e) => onHighlight({ packet: highlight.packet, event: e })}
            onZoom={zoomTo}
          />
        )}
        {highlight.event !== null && <DetailsPanel key={highlight.event} trace={trace} event={highlight.event} />}
        <RowsPanel table={table} revision={revision} hidden={hiddenRows} onChange={onHiddenRows} />
        <Legend table={table} revision={revision} selected={highlight.packet} onSelect={(p) => onHighlight({ packet: p, event: null })} />
      </aside>
    </>
  );
}
