/**
 * What the timeline draws for a visible window: the real events where few enough are in view,
 * density bins elsewhere. vis-timeline renders every item as DOM and crawls past a few thousand,
 * so it is only ever handed this bounded result. Counting uses one binary search per bin edge on
 * each row's time-sorted events (as KernelShark does), so cost follows the screen, not the trace.
 * A row is searched through its event indices into the table's time column: the table keeps no
 * per-row copy of the times (8 bytes an event). It reads nothing else of the trace, so the window
 * can run it in a worker on the table's shared memory (renderer/timeline/bin-worker.ts).
 */
import type { RowTimes } from '../trace/row-times';
import { rowLowerBound, rowLowerBoundFrom, rowUpperBound } from '../trace/sorted-search';

export interface DensityBin {
  row: number;
  startUs: number;
  endUs: number;
  count: number;
  /** The first event in the bin, to colour it and to zoom to. */
  firstEvent: number;
}

export interface ViewContent {
  /** Event indices drawn one by one: all of a quiet row's, and those alone in their bin. */
  events: number[];
  bins: DensityBin[];
  /** Events in the window, per row. */
  rowCounts: number[];
}

export interface ViewQuery {
  startUs: number;
  endUs: number;
  widthPx: number;
  /** Upper bound on events plus bins handed to the timeline. */
  maxItems: number;
  /** Rows the user hid: nothing is drawn for them, and the budget goes to the others. */
  hiddenRows?: ReadonlySet<number>;
}

/** A bin is at least this wide on screen. */
const BIN_PX = 3;
/** Events drawn one by one need about this much room each to be told apart. */
const ITEM_PX = 4;

/**
 * Bin edges already found, per row at the current bin width: bins sit on multiples of their width,
 * so panning at one zoom level finds the same edges again and searches only the new ones
 * (KernelShark's reuse of bins when the view shifts). Another RowTimes (a new revision of the
 * table, or another table) starts afresh.
 */
export class BinEdges {
  private trace: RowTimes | null = null;
  private readonly rows = new Map<number, { width: number; edges: Map<number, number> }>();

  /** rowLowerBound(indices, times, k × width) for the row's events: see rowLowerBoundFrom for `from` and `stride`. */
  edge(trace: RowTimes, row: number, indices: Uint32Array, times: Float64Array, width: number, k: number, from: number, stride: number): number {
    if (trace !== this.trace) {
      this.rows.clear();
      this.trace = trace;
    }
    let entry = this.rows.get(row);
    if (!entry || entry.width !== width) this.rows.set(row, (entry = { width, edges: new Map() }));
    let at = entry.edges.get(k);
    if (at === undefined) {
      // Bounded: a long pan at one zoom level keeps only the edges of late.
      if (entry.edges.size >= MAX_CACHED_EDGES) entry.edges.clear();
      at = rowLowerBoundFrom(indices, times, k * width, from, stride);
      entry.edges.set(k, at);
    }
    return at;
  }
}

const MAX_CACHED_EDGES = 16_384;

export function queryView(trace: RowTimes, q: ViewQuery, edges?: BinEdges): ViewContent {
  const { rows, times } = trace;
  const ranges = rows.map((indices) => ({ lo: rowLowerBound(indices, times, q.startUs), hi: rowUpperBound(indices, times, q.endUs) }));
  const rowCounts = ranges.map((x) => x.hi - x.lo);
  const content: ViewContent = { events: [], bins: [], rowCounts };
  const shown = rows.map((_, r) => r).filter((r) => !q.hiddenRows?.has(r));
  if (shown.length === 0) return content;

  // Rows with few events in view get them all as items; the budget left over is shared by the
  // busy rows' bins. Quiet rows go first so a burst on one device never hides another's packets.
  // A row only gets all its events while they have room to stand apart on screen.
  const roomFor = Math.max(1, Math.floor(q.widthPx / ITEM_PX));
  let budget = q.maxItems;
  const byCount = shown.map((r) => ({ c: rowCounts[r] as number, r })).sort((a, b) => a.c - b.c);
  let rowsLeft = shown.length;
  for (const { c, r } of byCount) {
    const share = Math.max(1, Math.floor(budget / rowsLeft));
    const range = ranges[r];
    rowsLeft--;
    if (!range || c === 0) continue;
    if (c <= share && c <= roomFor) {
      const indices = rows[r] as Uint32Array;
      for (let k = range.lo; k < range.hi; k++) content.events.push(indices[k] as number);
      budget -= c;
    } else {
      budget -= binRow(trace, r, q, binWidthFor(q, share), content, edges);
    }
  }
  return content;
}

/**
 * Bin width: a power of two in µs, at least BIN_PX on screen, and wide enough that the row's
 * share of the budget covers the window. Bins sit on multiples of their width, so panning at one
 * zoom level keeps the same bins (and their ids) instead of making new ones each frame.
 */
export function binWidthFor(q: ViewQuery, maxBins: number): number {
  const span = Math.max(q.endUs - q.startUs, 1e-3);
  const minWidth = Math.max((span * BIN_PX) / Math.max(q.widthPx, 1), span / Math.max(maxBins - 1, 1));
  return 2 ** Math.ceil(Math.log2(minWidth));
}

/** One bin per width step; a bin holding a single event shows that event itself (as KernelShark does). */
function binRow(trace: RowTimes, row: number, q: ViewQuery, width: number, out: ViewContent, edges: BinEdges | undefined): number {
  const { times } = trace;
  const indices = trace.rows[row] as Uint32Array;
  const first = Math.floor(q.startUs / width);
  const last = Math.floor(q.endUs / width);
  const edge = (k: number, from: number, stride: number): number =>
    edges ? edges.edge(trace, row, indices, times, width, k, from, stride) : rowLowerBoundFrom(indices, times, k * width, from, stride);
  let made = 0;
  let lo = edge(first, 0, 1);
  let stride = 1;
  for (let k = first; k <= last; k++) {
    const hi = edge(k + 1, lo, stride);
    // The next bin likely holds about as many: its edge is looked for that far on.
    stride = hi - lo;
    if (hi - lo === 1) {
      out.events.push(indices[lo] as number);
      made++;
    } else if (hi > lo) {
      out.bins.push({ row, startUs: k * width, endUs: (k + 1) * width, count: hi - lo, firstEvent: indices[lo] as number });
      made++;
    }
    lo = hi;
  }
  return made;
}
