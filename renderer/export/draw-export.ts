/**
 * Draws the timeline into a canvas from the trace model itself (not a screenshot): any range, any
 * size, density where events would pile up, as on screen. The layout (shared/export) says where;
 * this says how it looks.
 */
import { type ExportLayout, EXPORT_SIZES, exportLayout, type ExportRow, rowCentre, xOfTime } from '../../shared/export/export-layout';
import { NONE } from '../../shared/trace/event-batch';
import type { TraceTable } from '../../shared/trace/trace-table';
import { rowLowerBound, rowUpperBound } from '../../shared/trace/sorted-search';
import { queryView } from '../../shared/view/level-of-detail';
import { formatDuration } from '../../shared/view/time-format';
import { EventLooks, type Highlight, type LookJourneys } from '../timeline/event-looks';
import { type ExportLegend, exportLegend, legendLineCount } from './export-legend';

export type ExportTheme = 'light' | 'dark';

/** On screen for the preview, off screen for the file. */
export type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface ExportRequest {
  table: TraceTable;
  startUs: number;
  endUs: number;
  widthPx: number;
  scale: number;
  hiddenRows: ReadonlySet<number>;
  /** The trace's packets, when known: events are coloured by packet, as on screen. */
  journeys: LookJourneys | null;
  /** Per journey, 1 where the packet search matches it (the others are dimmed); null without a search. */
  matches: Uint8Array | null;
  highlight: Highlight;
  title: string;
  subtitle: string;
  footer: string;
  theme: ExportTheme;
}

interface Palette {
  background: string;
  text: string;
  muted: string;
  grid: string;
  rowLine: string;
  rowStripe: string;
  density: (alpha: number) => string;
  drop: string;
  ring: string;
}

const PALETTES: Record<ExportTheme, Palette> = {
  light: {
    background: '#ffffff',
    text: '#1d2129',
    muted: '#667085',
    grid: '#e6e9ee',
    rowLine: '#d9dde3',
    rowStripe: '#f8f9fb',
    density: (a) => `rgba(52, 84, 160, ${a})`,
    drop: '#c62828',
    ring: '#ffffff',
  },
  dark: {
    background: '#15181d',
    text: '#e6e9ee',
    muted: '#98a2b3',
    grid: '#2a2f38',
    rowLine: '#343a45',
    rowStripe: '#1a1e24',
    density: (a) => `rgba(120, 150, 230, ${a})`,
    drop: '#ef5350',
    ring: '#15181d',
  },
};

const SANS = "'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', sans-serif";
const MONO = "'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace";
/** Enough to draw single events wherever they stand apart, far more than vis-timeline could take. */
const MAX_ITEMS = 20_000;

/** The rows shown, in the timeline's order: devices as they appeared, the unattributed row last. */
export function exportRows(table: TraceTable, hidden: ReadonlySet<number>): ExportRow[] {
  return table
    .rows()
    .map((row, index) => ({ index, label: row.label, other: row.device === null }))
    .filter((r) => !hidden.has(r.index))
    .sort((a, b) => Number(a.other) - Number(b.other) || a.index - b.index);
}

/** Every event of the shown rows within the range: what the legend's packets come from. */
function* eventsInRange(table: TraceTable, rows: readonly ExportRow[], startUs: number, endUs: number): Generator<number> {
  const times = table.timeColumn();
  for (const row of rows) {
    const indices = table.rowEvents(row.index);
    for (let k = rowLowerBound(indices, times, startUs), hi = rowUpperBound(indices, times, endUs); k < hi; k++) yield indices[k] as number;
  }
}

export interface Drawing {
  layout: ExportLayout;
  legend: ExportLegend;
  draw(ctx: Canvas2D): void;
}

/** Works out what to draw and where; `draw` then paints it onto a canvas of layout × scale pixels. */
export function planExport(req: ExportRequest): Drawing {
  const { table } = req;
  const rows = exportRows(table, req.hiddenRows);
  // The plot's width is only known after the label column: a first layout gives it.
  const probe = exportLayout({ widthPx: req.widthPx, scale: req.scale, startUs: req.startUs, endUs: req.endUs, originUs: table.startUs, rows, legendLines: 0 });
  const content = queryView(table.rowTimes(), {
    startUs: req.startUs,
    endUs: req.endUs,
    widthPx: probe.plot.width,
    maxItems: MAX_ITEMS,
    hiddenRows: req.hiddenRows,
  });
  const looks = new EventLooks(table, req.journeys, req.highlight, req.matches);
  const events = new Set(content.events);
  for (const e of looks.selectedEvents()) {
    const t = table.time(e);
    if (t >= req.startUs && t <= req.endUs && !req.hiddenRows.has(table.rowOf(e))) events.add(e);
  }
  const legend = exportLegend(table, looks, eventsInRange(table, rows, req.startUs, req.endUs), content.bins.length > 0, probe.title.width);
  const layout = exportLayout({
    widthPx: req.widthPx,
    scale: req.scale,
    startUs: req.startUs,
    endUs: req.endUs,
    originUs: table.startUs,
    rows,
    legendLines: legendLineCount(legend),
  });
  return {
    layout,
    legend,
    draw: (ctx) => {
      const p = PALETTES[req.theme];
      ctx.setTransform(layout.scale, 0, 0, layout.scale, 0, 0);
      ctx.fillStyle = p.background;
      ctx.fillRect(0, 0, layout.width, layout.height);
      drawTitle(ctx, layout, req, p);
      drawRows(ctx, layout, p);
      drawAxis(ctx, layout, p);
      drawRoundTrip(ctx, layout, looks, p);
      drawDensity(ctx, layout, content.bins, p);
      drawEvents(ctx, layout, table, events, looks, p);
      drawLegend(ctx, layout, legend, p);
      drawFooter(ctx, layout, req.footer, p);
    },
  };
}

function text(ctx: Canvas2D, s: string, x: number, y: number, font: string, color: string, maxWidth?: number): void {
  ctx.font = font;
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  if (maxWidth !== undefined && ctx.measureText(s).width > maxWidth) {
    let cut = s;
    while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
    s = `${cut}…`;
  }
  ctx.fillText(s, x, y);
}

function drawTitle(ctx: Canvas2D, l: ExportLayout, req: ExportRequest, p: Palette): void {
  text(ctx, req.title, l.title.x, l.title.y + 11, `bold 17px ${SANS}`, p.text, l.title.width);
  text(ctx, req.subtitle, l.title.x, l.title.y + 33, `12px ${SANS}`, p.muted, l.title.width);
}

function drawRows(ctx: Canvas2D, l: ExportLayout, p: Palette): void {
  l.rows.forEach((row, i) => {
    if (i % 2 === 1) {
      ctx.fillStyle = p.rowStripe;
      ctx.fillRect(row.x, row.y, row.width, row.height);
    }
    ctx.fillStyle = p.rowLine;
    ctx.fillRect(row.x, row.y + row.height - 1, row.width, 1);
    const font = row.other ? `italic 13px ${SANS}` : `bold 13px ${MONO}`;
    text(ctx, row.label, row.x + 8, row.y + row.height / 2, font, row.other ? p.muted : p.text, l.labels.width - 16);
  });
  // Grid lines at the ticks, under everything drawn later.
  ctx.fillStyle = p.grid;
  for (const t of l.ticks) ctx.fillRect(Math.round(xOfTime(l, t.us + l.originUs)), l.plot.y, 1, l.plot.height);
  ctx.fillStyle = p.rowLine;
  ctx.fillRect(l.plot.x - 1, l.plot.y, 1, l.plot.height);
}

function drawAxis(ctx: Canvas2D, l: ExportLayout, p: Palette): void {
  ctx.fillStyle = p.muted;
  ctx.fillRect(l.axis.x, l.axis.y + l.axis.height - 1, l.axis.width, 1);
  for (const t of l.ticks) {
    const x = Math.round(xOfTime(l, t.us + l.originUs));
    ctx.fillStyle = p.muted;
    ctx.fillRect(x, l.axis.y + l.axis.height - 7, 1, 7);
    text(ctx, t.label, x + 4, l.axis.y + 10, `11px ${SANS}`, p.muted);
  }
}

function drawDensity(ctx: Canvas2D, l: ExportLayout, bins: ReturnType<typeof queryView>['bins'], p: Palette): void {
  const maxCount = bins.reduce((m, b) => Math.max(m, b.count), 1);
  const full = l.rows[0] ? l.rows[0].height - 10 : 28;
  for (const b of bins) {
    const y0 = rowCentre(l, b.row);
    if (y0 === null) continue;
    // As on screen: log scale, so one event next to a burst of thousands still shows.
    const d = 0.15 + 0.85 * (Math.log1p(b.count) / Math.log1p(maxCount));
    const x0 = Math.max(l.plot.x, xOfTime(l, b.startUs));
    const x1 = Math.min(l.plot.x + l.plot.width, xOfTime(l, b.endUs));
    const h = 4 + d * (full - 4);
    ctx.fillStyle = p.density(0.25 + d * 0.6);
    ctx.fillRect(x0, y0 + full / 2 - h, Math.max(1, x1 - x0 - 0.5), h);
  }
}

/** Packets joined by a line through their events: the journey, when few enough to follow. */
const MAX_JOURNEYS = 12;

function drawJourneys(ctx: Canvas2D, l: ExportLayout, table: TraceTable, order: readonly number[], looks: EventLooks): void {
  const byUnit = new Map<number, number[]>();
  for (const e of order) {
    // With a selection, only its line is drawn: the others are dimmed and would only add noise.
    if (looks.look(e) === 'dimmed') continue;
    const unit = looks.unitOf(e);
    if (unit === NONE) continue;
    const list = byUnit.get(unit);
    if (list) list.push(e);
    else byUnit.set(unit, [e]);
  }
  if (byUnit.size > MAX_JOURNEYS) return;
  const selected = looks.highlight.packet !== null || looks.highlight.journey !== null;
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const events of byUnit.values()) {
    events.sort((a, b) => table.time(a) - table.time(b));
    if (events.length < 2) continue;
    ctx.beginPath();
    events.forEach((e, i) => {
      const x = xOfTime(l, table.time(e));
      const y = rowCentre(l, table.rowOf(e)) ?? 0;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.strokeStyle = looks.color(events[0] as number);
    ctx.globalAlpha = selected ? 0.6 : 0.35;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

function drawEvents(ctx: Canvas2D, l: ExportLayout, table: TraceTable, events: Set<number>, looks: EventLooks, p: Palette): void {
  const r = EXPORT_SIZES.dotRadius;
  // Dimmed first, then the rest, the selected packet on top.
  const rank = (e: number): number => ({ dimmed: 0, plain: 1, selected: 2 })[looks.look(e)];
  const order = [...events].sort((a, b) => rank(a) - rank(b) || table.time(a) - table.time(b));
  drawJourneys(ctx, l, table, order, looks);
  drawSpans(ctx, l, table, order, looks, r);
  for (const e of order) {
    const y = rowCentre(l, table.rowOf(e));
    if (y === null) continue;
    const x = xOfTime(l, table.time(e));
    const color = looks.color(e);
    const state = rank(e);
    ctx.globalAlpha = state === 0 ? 0.2 : 1;
    const radius = state === 2 ? r + 1.5 : r;
    if (state === 2 || table.eventName(e) === 'skb:kfree_skb') {
      // A ring sets the selected packet, and drops, apart from their neighbours.
      ctx.beginPath();
      ctx.arc(x, y, radius + 2.5, 0, Math.PI * 2);
      ctx.fillStyle = table.eventName(e) === 'skb:kfree_skb' ? p.drop : color;
      ctx.fill();
      ctx.beginPath();
      ctx.arc(x, y, radius + 1, 0, Math.PI * 2);
      ctx.fillStyle = p.ring;
      ctx.fill();
    }
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, Math.PI * 2);
    ctx.fillStyle = color;
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/** The selected packet's round trip as a band behind the rows, as on screen, with its time. */
function drawRoundTrip(ctx: Canvas2D, l: ExportLayout, looks: EventLooks, p: Palette): void {
  const trip = looks.roundTrip();
  if (!trip) return;
  const x0 = Math.max(l.plot.x, xOfTime(l, trip.startUs));
  const x1 = Math.min(l.plot.x + l.plot.width, xOfTime(l, trip.endUs));
  if (x1 <= x0) return;
  ctx.fillStyle = p.density(0.07);
  ctx.fillRect(x0, l.plot.y, x1 - x0, l.plot.height);
  ctx.strokeStyle = p.muted;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (const x of [x0, x1]) {
    ctx.moveTo(Math.round(x) + 0.5, l.plot.y);
    ctx.lineTo(Math.round(x) + 0.5, l.plot.y + l.plot.height);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  text(ctx, `round trip ${formatDuration(trip.roundTripUs)}`, x0 + 6, l.plot.y + l.plot.height - 9, `11px ${SANS}`, p.muted, x1 - x0 - 8);
}

/** Entry/exit pairs as bars under their dots, as on screen: the time spent inside that kernel call. */
function drawSpans(ctx: Canvas2D, l: ExportLayout, table: TraceTable, order: readonly number[], looks: EventLooks, dotRadius: number): void {
  for (const e of order) {
    const exit = looks.spanEnd(e);
    const y = rowCentre(l, table.rowOf(e));
    if (exit === NONE || y === null) continue;
    const [x0, x1] = [xOfTime(l, table.time(e)), xOfTime(l, table.time(exit))];
    const look = looks.look(e);
    ctx.globalAlpha = look === 'dimmed' ? 0.08 : look === 'selected' ? 0.8 : 0.45;
    ctx.fillStyle = looks.color(e);
    ctx.beginPath();
    ctx.roundRect(x0, y - dotRadius / 2, Math.max(x1 - x0, 1), dotRadius, dotRadius / 2);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

function drawLegend(ctx: Canvas2D, l: ExportLayout, legend: ExportLegend, p: Palette): void {
  const lh = EXPORT_SIZES.legendLineHeight;
  let y = l.legend.y + lh / 2;
  const swatch = (x: number, cy: number, color: string): void => {
    ctx.beginPath();
    ctx.arc(x + 5, cy, 5, 0, Math.PI * 2);
    ctx.fillStyle = color;
    ctx.fill();
  };
  if (legend.packets.length > 0) {
    text(ctx, 'Packets (skbaddr)', l.legend.x, y, `bold 12px ${SANS}`, p.muted);
    y += lh;
    const columnWidth = l.legend.width / legend.perLine;
    legend.packets.forEach((entry, i) => {
      const x = l.legend.x + (i % legend.perLine) * columnWidth;
      const cy = y + Math.floor(i / legend.perLine) * lh;
      swatch(x, cy, entry.color);
      text(ctx, entry.address, x + 16, cy, `12px ${MONO}`, p.text);
      if (entry.path) text(ctx, entry.path, x + 190, cy, `12px ${SANS}`, p.muted, columnWidth - 200);
    });
    y += Math.ceil(legend.packets.length / legend.perLine) * lh;
    if (legend.more > 0) {
      text(ctx, `and ${legend.more.toLocaleString('en')} more packets`, l.legend.x, y, `italic 12px ${SANS}`, p.muted);
      y += lh;
    }
  }
  if (legend.density) {
    ctx.fillStyle = p.density(0.6);
    ctx.fillRect(l.legend.x + 1, y - 6, 4, 12);
    ctx.fillStyle = p.density(0.35);
    ctx.fillRect(l.legend.x + 6, y - 2, 4, 8);
    text(ctx, 'Bars: events too close to draw one by one; taller and darker where there are more.', l.legend.x + 16, y, `12px ${SANS}`, p.muted);
    y += lh;
  }
  const sel = legend.selected;
  if (sel) {
    y += lh / 2;
    swatch(l.legend.x, y, sel.color);
    text(ctx, `Selected ${sel.address}: ${sel.summary}`, l.legend.x + 16, y, `bold 12px ${SANS}`, p.text, l.legend.width - 16);
    y += lh;
    const columnWidth = l.legend.width / sel.hopsPerLine;
    sel.hops.forEach((hop, i) => {
      const x = l.legend.x + (i % sel.hopsPerLine) * columnWidth;
      const cy = y + Math.floor(i / sel.hopsPerLine) * lh;
      text(ctx, hop.delta, x, cy, `12px ${SANS}`, p.muted);
      text(ctx, hop.device, x + 72, cy, `bold 12px ${MONO}`, p.text, 110);
      text(ctx, hop.event, x + 186, cy, `12px ${MONO}`, p.text, columnWidth - 192);
    });
  }
}

function drawFooter(ctx: Canvas2D, l: ExportLayout, footer: string, p: Palette): void {
  ctx.fillStyle = p.rowLine;
  ctx.fillRect(l.footer.x, l.footer.y, l.footer.width, 1);
  text(ctx, footer, l.footer.x, l.footer.y + l.footer.height / 2 + 2, `11px ${SANS}`, p.muted);
}
