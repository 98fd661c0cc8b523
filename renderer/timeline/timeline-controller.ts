/**
 * Drives vis-timeline for one trace. vis-timeline owns the axis geometry, the device rows and the
 * interaction (wheel, drag, pinch); we own what it shows. Trace time reaches it through VisTime;
 * the axis labels are drawn by TimeAxis from the same mapping. After every range change the visible
 * window is re-queried (level-of-detail) and the DataSet is patched with the difference, so
 * vis-timeline never holds more than about MAX_ITEMS items: events drawn one by one, and one
 * density strip per busy row (density-strips.ts) rather than an item per bin.
 */
import { DataSet } from 'vis-data';
import { Timeline, type TimelineOptions } from 'vis-timeline/peer';
import { NONE } from '../../shared/trace/event-batch';
import type { TraceTable } from '../../shared/trace/trace-table';
import { lowerBound, upperBound } from '../../shared/trace/sorted-search';
import { formatDuration } from '../../shared/view/time-format';
import { EventLooks, type Highlight, type LookJourneys, NO_HIGHLIGHT } from './event-looks';
import { DensityStrips, type PaintedEvent } from './density-strips';
import { VisTime } from './vis-time';
import { ViewBinner } from './view-binner';

export const MAX_ITEMS = 1500;
/**
 * Item changes handed to vis-timeline per frame, adapted to how long frames take. vis-timeline
 * lays out every item it is given anew (about a millisecond each on a slow machine), so a zoom
 * step that replaces hundreds of events is spread over the next frames (the query runs again each
 * frame and hands on the rest): fewer per frame while frames run long, more while they are short.
 */
const MIN_CHANGES = 8;
const MAX_CHANGES = 200;
const FRAME_MS = 1000 / 60;
/**
 * Events drawn one by one as DOM items, at most; past that they are painted on the rows' strips
 * (a few hundred DOM dots replaced at each zoom step cost vis-timeline a frame of layout each time).
 */
const MAX_DOM_EVENTS = 300;
/**
 * While the user wheels or drags, and this long after, events are painted rather than made DOM
 * items: vis-timeline measures each item it shows, and hundreds coming and going with every wheel
 * step made each frame two or three; once the view rests, they become items (hover, click) again.
 */
const MOVING_MS = 150;
/** Events of the selected packet drawn on top of density, at most. */
const MAX_SELECTED = 500;
/** The narrowest window: 5 µs across the screen. */
const ZOOM_MIN_US = 5;
/** A growing trace's limits are set this much wider than its span, and at least this wide, so they change seldom. */
const GROWING_HEADROOM = 2;
const GROWING_MIN_SPAN_US = 1_000_000;

export interface VisibleWindow {
  startUs: number;
  endUs: number;
  /** Where the drawing area sits inside the timeline element, for the axis overlay. */
  leftPx: number;
  widthPx: number;
  /** The trace time that vis time 0 stands for. */
  originUs: number;
}

export interface TimelineCallbacks {
  onEventClick(event: number | null): void;
  onHover(event: number | null, x: number, y: number): void;
  onWindow(window: VisibleWindow): void;
  /** Whether the view refits as the trace grows (false once the user zooms or pans away). */
  onFollowing(following: boolean): void;
}

interface VisItem {
  id: number | string;
  /** None for a background item across every row. */
  group?: number;
  start: number;
  end?: number;
  type: 'point' | 'range' | 'background';
  content: string;
  className: string;
  style: string;
  /** Strips keep their canvas where vis-timeline put it, at the item's left edge. */
  align?: 'left';
}

interface VisGroup {
  id: number;
  content: HTMLElement;
  order: number;
  visible: boolean;
}

export type { Highlight };

export class TimelineController {
  private readonly items = new DataSet<VisItem>();
  private readonly groups = new DataSet<VisGroup>();
  private readonly strips = new DensityStrips();
  private readonly binner = new ViewBinner(() => this.schedule());
  private readonly timeline: Timeline;
  private table: TraceTable | null = null;
  private time = new VisTime(0);
  private shownRowsRevision = -1;
  private density: { theme: string; color: string } | null = null;
  /** Until when the user is taken to be moving the view (performance.now()). */
  private movingUntil = 0;
  private restTimer: ReturnType<typeof setTimeout> | undefined;
  /** The span the pan and zoom limits were set for (0: not yet). */
  private limitSpanUs = 0;
  private looks: EventLooks | null = null;
  private highlight: Highlight = NO_HIGHLIGHT;
  private journeys: LookJourneys | null = null;
  private matches: Uint8Array | null = null;
  private signatures = new Map<number | string, string>();
  private frame = 0;
  private changesPerFrame = 40;
  /** When the last update that left changes for later ran, to see how long the frame took. */
  private lastPartialAt = 0;
  /** The user zoomed or panned: a growing trace stops refitting until they fit it again. */
  private userMoved = false;
  /** The selection's events and their times, for binary search; dropped when the selection or journeys change. */
  private selected: { revision: number; events: number[]; times: Float64Array } | null = null;
  private hiddenRows: ReadonlySet<number> = new Set();

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: TimelineCallbacks,
  ) {
    const options: TimelineOptions = {
      stack: false,
      orientation: { axis: 'top', item: 'top' },
      showMajorLabels: false,
      showMinorLabels: false,
      showCurrentTime: false,
      selectable: false,
      groupOrder: 'order',
      zoomMin: VisTime.span(ZOOM_MIN_US),
      // No margins: every row places its items at the same height, which the CSS centres.
      margin: { item: { horizontal: 0, vertical: 0 }, axis: 0 },
      verticalScroll: true,
      height: '100%',
    };
    this.timeline = new Timeline(container, this.items, this.groups, options);
    this.timeline.on('rangechange', (props: { byUser?: boolean }) => {
      if (props.byUser) {
        this.setUserMoved(true);
        this.moving();
      }
      this.schedule();
    });
    this.timeline.on('changed', () => {
      this.strips.attach(this.container);
      this.reportWindow();
    });
    this.timeline.on('click', (props: { item?: number | string | null; time?: Date }) => this.onClick(props.item ?? null, props.time ?? null));
    this.timeline.on('itemover', (props: { item: number | string; event: MouseEvent }) => {
      if (typeof props.item === 'number') this.callbacks.onHover(props.item, props.event.clientX, props.event.clientY);
    });
    this.timeline.on('itemout', () => this.callbacks.onHover(null, 0, 0));
  }

  /** Shows a new trace, fitted. */
  setTrace(table: TraceTable, growing: boolean): void {
    this.table = table;
    this.time = new VisTime(table.startUs);
    this.binner.reset();
    this.items.clear();
    this.signatures.clear();
    this.strips.clear();
    this.groups.clear();
    this.shownRowsRevision = -1;
    this.limitSpanUs = 0;
    this.setUserMoved(false);
    this.highlight = NO_HIGHLIGHT;
    this.journeys = null;
    this.matches = null;
    this.looks = new EventLooks(table, null, NO_HIGHLIGHT);
    this.hiddenRows = new Set();
    this.refresh(growing);
    this.fit();
  }

  /** The table grew (or its rows changed): update rows, limits and items. `growing`: it is still loading. */
  refresh(growing: boolean): void {
    const table = this.table;
    if (!table) return;
    if (table.rowsRevision !== this.shownRowsRevision) this.updateGroups(table);
    this.updateLimits(table, growing);
    if (!this.userMoved) this.fit();
    this.schedule();
  }

  /**
   * How far the user may pan and zoom out: half the trace's span beyond either end. vis-timeline's
   * setOptions re-measures the page (a forced layout), so a growing trace moves the limits only
   * when it outgrows them, doubling them each time, not on every refresh; once whole, they fit it.
   */
  private updateLimits(table: TraceTable, growing: boolean): void {
    const span = Math.max(table.endUs - table.startUs, ZOOM_MIN_US, growing ? GROWING_MIN_SPAN_US : 0);
    const headroom = growing ? GROWING_HEADROOM : 1;
    if (span <= this.limitSpanUs && span * headroom >= this.limitSpanUs) return;
    this.limitSpanUs = span * headroom;
    const vis = VisTime.span(this.limitSpanUs);
    this.timeline.setOptions({ min: -vis * 0.5, max: vis * 1.5, zoomMax: vis * 2 });
  }

  /** Rows the user hid: vis-timeline hides their groups, and the level of detail skips them. */
  setHiddenRows(hidden: ReadonlySet<number>): void {
    this.hiddenRows = hidden;
    if (this.table) this.updateGroups(this.table);
    this.schedule();
  }

  private updateGroups(table: TraceTable): void {
    const rows = table.rows();
    // Rows can change places while a trace loads (ordered by first time): ids are places, so every group is rewritten.
    this.groups.update(
      rows.map((row, i) => ({
        id: i,
        content: rowLabel(row.label, row.device === null),
        order: row.device === null ? Number.MAX_SAFE_INTEGER : i,
        visible: !this.hiddenRows.has(i),
      })),
    );
    this.shownRowsRevision = table.rowsRevision;
  }

  setHighlight(highlight: Highlight): void {
    this.highlight = highlight;
    this.refreshLooks();
    this.schedule();
  }

  fit(): void {
    const table = this.table;
    if (!table) return;
    const span = Math.max(table.endUs - table.startUs, ZOOM_MIN_US * 4);
    const pad = span * 0.04;
    this.setWindowUs(table.startUs - pad, table.endUs + pad);
    this.setUserMoved(false);
  }

  /** Zooms by `factor` (<1 in, >1 out) around the window's centre. */
  zoom(factor: number): void {
    const { startUs, endUs } = this.windowUs();
    const mid = (startUs + endUs) / 2;
    const half = Math.max(((endUs - startUs) * factor) / 2, ZOOM_MIN_US / 2);
    this.setWindowUs(mid - half, mid + half);
    this.setUserMoved(true);
  }

  /** Pans by a fraction of the window's width (negative: left). */
  pan(fraction: number): void {
    const { startUs, endUs } = this.windowUs();
    const d = (endUs - startUs) * fraction;
    this.setWindowUs(startUs + d, endUs + d);
    this.setUserMoved(true);
  }

  /** Frames [startUs, endUs] with a margin; used to zoom to a packet or a bin. */
  showRange(startUs: number, endUs: number): void {
    const span = Math.max(endUs - startUs, ZOOM_MIN_US * 4);
    const mid = (startUs + endUs) / 2;
    this.setWindowUs(mid - span * 0.6, mid + span * 0.6);
    this.setUserMoved(true);
  }

  setRange(startUs: number, endUs: number): void {
    this.setWindowUs(startUs, endUs);
    this.setUserMoved(true);
  }

  visible(): { startUs: number; endUs: number; widthPx: number } {
    return { ...this.windowUs(), widthPx: this.centerPanel()?.clientWidth || this.container.clientWidth || 1000 };
  }

  windowUs(): { startUs: number; endUs: number } {
    const w = this.timeline.getWindow();
    return { startUs: this.time.fromVis(w.start), endUs: this.time.fromVis(w.end) };
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.restTimer);
    this.timeline.destroy();
    this.binner.destroy();
  }

  /**
   * The theme's density colour, looked up again only when the theme changes: reading a computed
   * style makes the browser recompute styles there and then, in the middle of every frame.
   */
  private densityColor(): string {
    const theme = document.documentElement.dataset.theme ?? '';
    if (this.density?.theme !== theme) this.density = { theme, color: getComputedStyle(this.container).getPropertyValue('--density').trim() || '52 84 160' };
    return this.density.color;
  }

  /** The user moved the view: paint events until it rests, then draw them as items again. */
  private moving(): void {
    this.movingUntil = performance.now() + MOVING_MS;
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => this.schedule(), MOVING_MS);
  }

  private setUserMoved(moved: boolean): void {
    if (moved === this.userMoved) return;
    this.userMoved = moved;
    this.callbacks.onFollowing(!moved);
  }

  private setWindowUs(startUs: number, endUs: number): void {
    this.timeline.setWindow(this.time.toVis(startUs), this.time.toVis(endUs), { animation: false });
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  private centerPanel(): HTMLElement | null {
    return this.container.querySelector<HTMLElement>('.vis-panel.vis-center');
  }

  private reportWindow(): void {
    const panel = this.centerPanel();
    const { startUs, endUs } = this.windowUs();
    this.callbacks.onWindow({
      startUs,
      endUs,
      leftPx: panel?.offsetLeft ?? 0,
      widthPx: panel?.clientWidth ?? this.container.clientWidth,
      originUs: this.time.originUs,
    });
  }

  private update(): void {
    const table = this.table;
    if (!table) return;
    const { startUs, endUs } = this.windowUs();
    const widthPx = this.centerPanel()?.clientWidth || this.container.clientWidth || 1000;
    // Perhaps binned for the view of a frame ago: its strips span the window they were binned for.
    const binned = this.binner.request(table.rowTimes(), { startUs, endUs, widthPx, maxItems: MAX_ITEMS, hiddenRows: this.hiddenRows });
    // Where the level of detail is computed, for tests and tools.
    if (this.container.dataset.binning !== this.binner.place) this.container.dataset.binning = this.binner.place;
    if (!binned) return;
    const { content, query } = binned;
    const next: VisItem[] = [];
    const shown = new Set(content.events);
    // The selected packet stays visible as itself even where its row is drawn as density.
    for (const e of this.selectedInWindow(table, startUs, endUs)) if (!this.hiddenRows.has(table.rowOf(e))) shown.add(e);
    const painted: PaintedEvent[] = [];
    if (shown.size <= MAX_DOM_EVENTS && performance.now() >= this.movingUntil) {
      for (const e of shown) {
        next.push(this.eventItem(table, e));
        const span = this.spanItem(table, e);
        if (span) next.push(span);
      }
    }
    else for (const e of shown) painted.push(this.paintedEvent(table, e));
    const density = this.densityColor();
    for (const row of this.strips.paint(content.bins, painted, query, density)) next.push(this.stripItem(row, query.startUs, query.endUs));
    const trip = this.roundTripItem();
    if (trip) next.push(trip);
    this.apply(next);
    this.strips.attach(this.container);
    this.reportWindow();
  }

  /**
   * Patches the DataSet: removes what left the view, adds or updates what changed, at most
   * CHANGES_PER_FRAME items (density strips first), and comes back next frame for the rest.
   */
  private apply(next: VisItem[]): void {
    const keep = new Set<number | string>();
    const changed: { item: VisItem; sig: string }[] = [];
    for (const item of next) {
      keep.add(item.id);
      const sig = `${item.className}|${item.style}|${item.start}|${item.end ?? ''}|${item.group}`;
      if (this.signatures.get(item.id) !== sig) changed.push({ item, sig });
    }
    const gone: (number | string)[] = [];
    for (const id of this.signatures.keys()) if (!keep.has(id)) gone.push(id);
    for (const id of gone) this.signatures.delete(id);
    if (gone.length) this.items.remove(gone);
    this.adaptBudget();
    const now = changed.sort((a, b) => Number(typeof b.item.id === 'string') - Number(typeof a.item.id === 'string')).slice(0, this.changesPerFrame);
    for (const { item, sig } of now) this.signatures.set(item.id, sig);
    if (now.length) this.items.update(now.map((c) => c.item));
    if (changed.length > now.length) {
      this.lastPartialAt = performance.now();
      this.schedule();
    } else {
      this.lastPartialAt = 0;
    }
  }

  /** After a frame that carried changes over, the time since says whether that frame ran long. */
  private adaptBudget(): void {
    if (this.lastPartialAt === 0) return;
    const took = performance.now() - this.lastPartialAt;
    if (took > FRAME_MS * 1.5) this.changesPerFrame = Math.max(MIN_CHANGES, Math.floor(this.changesPerFrame * 0.6));
    else if (took < FRAME_MS * 1.2) this.changesPerFrame = Math.min(MAX_CHANGES, this.changesPerFrame + 8);
  }

  /**
   * Journeys colour events by packet once they are known (they arrive after the trace); `matches`
   * fades the packets a search leaves out.
   */
  setJourneys(journeys: LookJourneys | null, matches: Uint8Array | null): void {
    this.journeys = journeys;
    this.matches = matches;
    this.refreshLooks();
    this.schedule();
  }

  private refreshLooks(): void {
    this.looks = this.table ? new EventLooks(this.table, this.journeys, this.highlight, this.matches) : null;
    this.selected = null;
  }

  private eventItem(table: TraceTable, e: number): VisItem {
    const looks = this.looks ?? new EventLooks(table, null, this.highlight);
    const look = looks.look(e);
    // `e-N` names the event for tests and tools; vis-timeline has no data attributes.
    let className = `ev e-${e}`;
    if (look !== 'plain') className += look === 'selected' ? ' ev-selected' : ' ev-dimmed';
    if (this.highlight.event === e) className += ' ev-focus';
    if (table.eventName(e) === 'skb:kfree_skb') className += ' ev-drop';
    return {
      id: e,
      group: table.rowOf(e),
      start: this.time.toVis(table.time(e)),
      type: 'point',
      content: '',
      className,
      style: `--c:${looks.color(e)}`,
    };
  }

  private paintedEvent(table: TraceTable, e: number): PaintedEvent {
    const looks = this.looks ?? new EventLooks(table, null, this.highlight);
    return { event: e, row: table.rowOf(e), us: table.time(e), color: looks.color(e), look: looks.look(e) };
  }

  /** The selected packet's round trip, request out to reply back, as a band behind every row. */
  private roundTripItem(): VisItem | null {
    const trip = this.looks?.roundTrip();
    if (!trip) return null;
    return {
      id: 'rt',
      start: this.time.toVis(trip.startUs),
      end: this.time.toVis(trip.endUs),
      type: 'background',
      // Made of a number only: vis-timeline takes content as HTML.
      content: `round trip ${formatDuration(trip.roundTripUs)}`,
      className: 'round-trip',
      style: '',
    };
  }

  /** An entry event's call, as a bar to its exit: how long the packet spent in it. */
  private spanItem(table: TraceTable, e: number): VisItem | null {
    const looks = this.looks;
    const exit = looks ? looks.spanEnd(e) : NONE;
    if (!looks || exit === NONE) return null;
    const look = looks.look(e);
    return {
      id: `s${e}`,
      group: table.rowOf(e),
      start: this.time.toVis(table.time(e)),
      end: this.time.toVis(table.time(exit)),
      type: 'range',
      content: '',
      // `s-N`: the span of entry event N, for tests and tools.
      className: look === 'plain' ? `span s-${e}` : `span s-${e} span-${look}`,
      style: `--c:${looks.color(e)}`,
    };
  }

  private stripItem(row: number, startUs: number, endUs: number): VisItem {
    return {
      id: `d${row}`,
      group: row,
      start: this.time.toVis(startUs),
      end: this.time.toVis(endUs),
      type: 'range',
      content: '',
      className: `bin density d-${row}`,
      style: '',
      align: 'left',
    };
  }

  /** The selected packet's (or journey's) events inside the window, at most MAX_SELECTED of them. */
  private selectedInWindow(table: TraceTable, startUs: number, endUs: number): number[] {
    if (!this.looks || (this.highlight.packet === null && this.highlight.journey === null)) return [];
    if (this.selected?.revision !== table.revision) {
      const events = [...this.looks.selectedEvents()];
      this.selected = { revision: table.revision, events, times: Float64Array.from(events, (e) => table.time(e)) };
    }
    const { events, times } = this.selected;
    const lo = lowerBound(times, startUs);
    const hi = Math.min(upperBound(times, endUs), lo + MAX_SELECTED);
    return events.slice(lo, hi);
  }

  private onClick(id: number | string | null, time: Date | null): void {
    if (typeof id === 'number') {
      this.callbacks.onEventClick(id);
    } else if (typeof id === 'string' && id.startsWith('s')) {
      this.callbacks.onEventClick(Number(id.slice(1)));
    } else if (typeof id === 'string' && id.startsWith('d') && time !== null) {
      // A click on a strip picks the event painted under it, or else zooms to the bin there.
      const row = Number(id.slice(1));
      const us = this.time.fromVis(time);
      const event = this.strips.eventAt(row, us);
      const bin = this.strips.binAt(row, us);
      if (event !== null) this.callbacks.onEventClick(event);
      else if (bin) this.showRange(bin.startUs, bin.endUs);
    } else {
      this.callbacks.onEventClick(null);
    }
  }
}

/** Device names come from trace files: always text, never HTML. */
function rowLabel(label: string, isOther: boolean): HTMLElement {
  const el = document.createElement('span');
  el.className = isOther ? 'row-label row-other' : 'row-label';
  el.textContent = label;
  el.title = isOther ? 'Events whose packet was not yet seen on a device' : label;
  return el;
}
