/**
 * Density where a row is too busy to draw event by event: one vis-timeline item per row spanning
 * the visible window, with the row's bins painted on a canvas inside it. vis-timeline lays out
 * every item as DOM and re-measures each one it changes, which at a few hundred bins per zoom step
 * made frames of a second; one element per row costs the same at any density. Between our
 * updates vis-timeline stretches the strip with the zoom, so a gesture shows the old density
 * scaled (as Perfetto draws stale data while the next query runs) until the new one is painted.
 */
import type { DensityBin } from '../../shared/view/level-of-detail';

/** Bars as the bin items had them: 4 px for one event, up to 32 px for the densest bin. */
const MIN_BAR_PX = 4;
const MAX_BAR_PX = 28;
export const STRIP_HEIGHT_PX = MIN_BAR_PX + MAX_BAR_PX;

export interface StripWindow {
  startUs: number;
  endUs: number;
  widthPx: number;
}

export class DensityStrips {
  private readonly canvases = new Map<number, HTMLCanvasElement>();
  /** The bins each strip shows, for finding the one under a click. */
  private readonly shown = new Map<number, DensityBin[]>();

  /** Paints each row's bins; rows without bins lose their strip. Returns the rows that have one. */
  paint(bins: readonly DensityBin[], window: StripWindow, color: string): number[] {
    const byRow = new Map<number, DensityBin[]>();
    for (const b of bins) {
      let list = byRow.get(b.row);
      if (!list) byRow.set(b.row, (list = []));
      list.push(b);
    }
    const maxCount = bins.reduce((m, b) => Math.max(m, b.count), 1);
    for (const row of [...this.canvases.keys()]) {
      if (!byRow.has(row)) {
        this.canvases.delete(row);
        this.shown.delete(row);
      }
    }
    for (const [row, list] of byRow) {
      this.shown.set(row, list);
      draw(this.canvasFor(row), list, window, maxCount, color);
    }
    return [...byRow.keys()];
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
    return this.shown.get(row)?.find((b) => b.startUs <= us && us < b.endUs) ?? null;
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

function draw(canvas: HTMLCanvasElement, bins: readonly DensityBin[], w: StripWindow, maxCount: number, color: string): void {
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
}
