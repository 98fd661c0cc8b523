/** The React face of the timeline: mounts the controller, feeds it the trace and the highlight. */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import './density-strips.css';
import type { LookJourneys } from './event-looks';
import type { TraceTable } from '../../shared/trace/trace-table';
import { TimeAxis, TimeGrid } from './TimeAxis';
import { type Highlight, TimelineController, type VisibleWindow } from './timeline-controller';
import { EventTooltip } from './EventTooltip';

export interface TimelineHandle {
  fit(): void;
  zoom(factor: number): void;
  pan(fraction: number): void;
  /** Frames a range with a margin around it (a packet, a bin). */
  showRange(startUs: number, endUs: number): void;
  /** Shows exactly this range (a session restored). */
  setRange(startUs: number, endUs: number): void;
  /** What is on screen: the range and the drawing area's width. */
  visible(): { startUs: number; endUs: number; widthPx: number } | null;
}

interface Props {
  table: TraceTable;
  /** Changes whenever the table grows. */
  revision: number;
  highlight: Highlight;
  onEventClick(event: number | null): void;
  onFollowing?(following: boolean): void;
  /** The trace is still growing (a capture, a file being read). */
  loading: boolean;
  hiddenRows: ReadonlySet<number>;
  /** The trace's packets once known: events are coloured by packet, not by address. */
  journeys: LookJourneys | null;
  /** Per journey, 1 where the packet search matches it; null without a search. */
  matches: Uint8Array | null;
}

export const TimelineView = forwardRef<TimelineHandle, Props>(function TimelineView(
  { table, revision, highlight, onEventClick, onFollowing, loading, hiddenRows, journeys, matches },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const controller = useRef<TimelineController | null>(null);
  const shownTable = useRef<TraceTable | null>(null);
  const clickRef = useRef(onEventClick);
  clickRef.current = onEventClick;
  const followRef = useRef(onFollowing);
  followRef.current = onFollowing;
  const [view, setView] = useState<VisibleWindow | null>(null);
  const [hover, setHover] = useState<{ event: number; x: number; y: number } | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const c = new TimelineController(host.current, {
      onEventClick: (e) => clickRef.current(e),
      onHover: (event, x, y) => setHover(event === null ? null : { event, x, y }),
      onWindow: setView,
      onFollowing: (f) => followRef.current?.(f),
    });
    controller.current = c;
    return () => {
      c.destroy();
      controller.current = null;
      shownTable.current = null;
    };
  }, []);

  useEffect(() => {
    const c = controller.current;
    if (!c) return;
    if (shownTable.current !== table) {
      shownTable.current = table;
      c.setTrace(table, loading);
    } else {
      c.refresh(loading);
    }
  }, [table, revision, loading]);

  useEffect(() => {
    controller.current?.setJourneys(journeys, matches);
  }, [journeys, matches, table]);

  useEffect(() => {
    controller.current?.setHighlight(highlight);
  }, [highlight, table]);

  useEffect(() => {
    controller.current?.setHiddenRows(hiddenRows);
  }, [hiddenRows, table]);

  useImperativeHandle(ref, () => ({
    fit: () => controller.current?.fit(),
    zoom: (f) => controller.current?.zoom(f),
    pan: (f) => controller.current?.pan(f),
    showRange: (s, e) => controller.current?.showRange(s, e),
    setRange: (s, e) => controller.current?.setRange(s, e),
    visible: () => controller.current?.visible() ?? null,
  }));

  return (
    <div className="timeline-frame">
      <TimeAxis view={view} />
      <div className="timeline-body">
        <TimeGrid view={view} />
        {/* vis-timeline makes its container position: relative, so it gets a box of its own. */}
        <div className="timeline-host">
          <div className="timeline-mount" ref={host} data-testid="timeline" />
        </div>
      </div>
      {table.count === 0 && (
        <div className="timeline-empty" role="status">
          {loading ? 'Waiting for the first event…' : 'No events.'}
        </div>
      )}
      {hover && <EventTooltip table={table} event={hover.event} x={hover.x} y={hover.y} />}
    </div>
  );
});
