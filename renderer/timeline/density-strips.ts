/**
 * Density where a row is too busy to draw event by event: one vis-timeline item per row spanning
 * the visible window, with the row's bins painted on a canvas inside it. vis-timeline lays out
 * every item as DOM and re-measures each one it changes, which at a few hundred bins per zoom step
 * made frames of a second; one element per row costs the same at any density. Between our
 * updates vis-timeline stretches the strip with the zoom, so a gesture shows the old density
 * scaled (as Perfetto draws stale data while the next query runs) until the new one is painted.
 * Where more events stand alone than the DOM takes quickly, they are painted as dots here too,
 * in their packets' colours, and found again under a click.
 */
import type { DensityBin } from '../../shared/view/level-of-detail';

/** Bars as the bin items had them: 4 px for one event, up to 32 px for the densest bin. */
const MIN_BAR_PX = 4;
const MAX_BAR_PX = 28;
export const STRIP_HEIGHT_PX = MIN_BAR_PX + MAX_BAR_PX;

/** Where a painted dot's centre sits in the strip, as the DOM dots sit in their rows. */
const DOT_Y_PX = 12;
const DOT_RADIUS_PX = 6;
/** A click this close to a painted dot picks its event. */
const HIT_PX = 7;

export interface StripWindow {
  startUs: number;
  endUs: number;
  widthPx: number;
}

/** An event painted as a dot: its colour, and whether another packet is selected (dimmed) or its own (ringed). */
export interface PaintedEvent {
  event: number;
  row: number;
  us: number;
  color: string;
  look: 'plain' | 'dimmed' | 'selected';
}

interface Strip {
  bins: DensityBin[];
  dots: PaintedEvent[];
}

export class DensityStrips {
  private readonly canvases = new Map<number, HTMLCanvasElement>();
  /** What each strip shows, for finding what is under a click. */
  private readonly shown = new Map<number, Strip>();
  private window: StripWindow = { startUs: 0, endUs: 1, widthPx: 1 };

  /** Paints each row's bins and dots; rows with neither lose their strip. Returns the rows that have one. */
  paint(bins: readonly DensityBin[], dots: readonly PaintedEvent[], window: StripWindow, color: string): number[] {
    const byRow = new Map<number, Strip>();
    const stripOf = (row: number): Strip => {
      let strip = byRow.get(row);
      if (!strip) byRow.set(row, (strip = { bins: [], dots: [] }));
      return strip;
    };
    for (const b of bins) stripOf(b.row).bins.push(b);
    for (const d of dots) stripOf(d.row).dots.push(d);
    const maxCount = bins.reduce((m, b) => Math.max(m, b.count), 1);
    for (const row of [...this.canvases.keys()]) {
      if (!byRow.has(row)) {
        this.canvases.delete(row);
        this.shown.delete(row);
      }
    }
    this.window = window;
    for (const [row, strip] of byRow) {
      this.shown.set(row, strip);
      draw(this.canvasFor(row), strip, window, maxCount, color);
    }
    return [...byRow.keys()];
  }

  /** The painted event nearest trace time `us` in a row, if one is close enough on screen to have been clicked. */
  eventAt(row: number, us: number): number | null {
    const { startUs, endUs, widthPx } = this.window;
    const pxPerUs = widthPx / Math.max(endUs - startUs, 1e-9);
    let best: PaintedEvent | null = null;
    for (const d of this.shown.get(row)?.dots ?? []) {
      if (Math.abs(d.us - us) * pxPerUs <= HIT_PX && (!best || Math.abs(d.us - us) < Math.abs(best.us - us))) best = d;
    }
    return best?.event ?? null;
  }

  /** Puts each strip's canvas into its item's element (vis-timeline makes the element when it draws the item). */
  attach(container: HTMLElement): void {
    for (const [row, canvas] of this.canvases) {
      const content = container.querySelector(`.vis-item.density.d-${row} .vis-item-content`);
      if (content && canvas.parentElement !== content) content.replaceChildren(canvas);
    }
  }

  /** The bin of a row at trace time `us`, for zooming to it on a click. */
  binAt(row: number, us: number): DensityBin | null {
    return this.shown.get(row)?.bins.find((b) => b.startUs <= us && us < b.endUs) ?? null;
  }

  clear(): void {
    this.canvases.clear();
    this.shown.clear();
  }

  private canvasFor(row: number): HTMLCanvasElement {
    let canvas = this.canvases.get(row);
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.className = 'density-canvas';
      this.canvases.set(row, canvas);
    }
    return canvas;
  }
}

function draw(canvas: HTMLCanvasElement, { bins, dots }: Strip, w: StripWindow, maxCount: number, color: string): void {
  const dpr = globalThis.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(w.widthPx * dpr));
  const height = Math.round(STRIP_HEIGHT_PX * dpr);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  const scale = width / Math.max(w.endUs - w.startUs, 1e-9);
  const logMax = Math.log1p(maxCount);
  for (const b of bins) {
    // Log scale: one event in a bin must still show next to a burst of thousands.
    const d = 0.15 + 0.85 * (Math.log1p(b.count) / logMax);
    const x0 = Math.max(0, (b.startUs - w.startUs) * scale);
    const x1 = Math.min(width, (b.endUs - w.startUs) * scale);
    if (x1 <= x0) continue;
    const bar = (MIN_BAR_PX + d * MAX_BAR_PX) * dpr;
    ctx.fillStyle = `rgb(${color} / ${(0.25 + d * 0.6).toFixed(2)})`;
    // One device pixel between bins, as the bin items had their own edges.
    ctx.fillRect(x0, height - bar, Math.max(1, x1 - x0 - dpr * 0.5), bar);
  }
  for (const d of dots) {
    ctx.globalAlpha = d.look === 'dimmed' ? 0.16 : 1;
    ctx.fillStyle = d.color;
    ctx.beginPath();
    ctx.arc((d.us - w.startUs) * scale, DOT_Y_PX * dpr, (d.look === 'selected' ? DOT_RADIUS_PX + 2 : DOT_RADIUS_PX) * dpr, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}
