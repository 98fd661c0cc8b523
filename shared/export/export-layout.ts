/**
 * Where everything goes in an exported timeline image, in CSS pixels (the drawing multiplies by
 * the scale). Pure and deterministic, so a test can find any event's pixel in the PNG it decodes:
 * nothing here depends on how a font measures text, only on counts and fixed sizes.
 */
import { axisTicks, type Tick } from '../view/time-format';

export interface ExportRow {
  /** The trace table's row index. */
  index: number;
  label: string;
  /** The row of events tied to no device: drawn in italics. */
  other: boolean;
}

export interface ExportShape {
  widthPx: number;
  scale: number;
  startUs: number;
  endUs: number;
  /** Trace time that the axis counts from (the trace's first event). */
  originUs: number;
  /** Shown rows, top to bottom. */
  rows: readonly ExportRow[];
  /** Lines the legend below the rows needs (packets, and the selected packet's hops). */
  legendLines: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RowBox extends Box {
  index: number;
  label: string;
  other: boolean;
}

export interface ExportLayout {
  width: number;
  height: number;
  scale: number;
  title: Box;
  axis: Box;
  /** Where the events are drawn: x is startUs, x + width is endUs. */
  plot: Box;
  labels: Box;
  rows: RowBox[];
  ticks: Tick[];
  legend: Box;
  footer: Box;
  startUs: number;
  endUs: number;
  originUs: number;
}

export const EXPORT_SIZES = {
  padding: 24,
  titleHeight: 48,
  axisHeight: 26,
  rowHeight: 38,
  legendLineHeight: 19,
  legendGap: 18,
  footerHeight: 26,
  /** DejaVu Sans Mono's advance at 13 px, the label font: wide enough for any font we fall back to. */
  labelCharPx: 8,
  minLabelPx: 90,
  maxLabelPx: 220,
  dotRadius: 5,
} as const;

export const MIN_EXPORT_WIDTH = 480;
export const MAX_EXPORT_WIDTH = 8000;

export function exportLayout(shape: ExportShape): ExportLayout {
  const S = EXPORT_SIZES;
  const width = Math.round(Math.min(MAX_EXPORT_WIDTH, Math.max(MIN_EXPORT_WIDTH, shape.widthPx)));
  const longest = shape.rows.reduce((m, r) => Math.max(m, r.label.length), 5);
  const labelWidth = Math.min(S.maxLabelPx, Math.max(S.minLabelPx, longest * S.labelCharPx + 24));
  const inner = width - 2 * S.padding;
  const title: Box = { x: S.padding, y: S.padding, width: inner, height: S.titleHeight };
  const axisY = title.y + title.height;
  const plotX = S.padding + labelWidth;
  const plotWidth = inner - labelWidth;
  const rowsY = axisY + S.axisHeight;
  const rows: RowBox[] = shape.rows.map((r, i) => ({
    ...r,
    x: S.padding,
    y: rowsY + i * S.rowHeight,
    width: inner,
    height: S.rowHeight,
  }));
  const rowsHeight = Math.max(1, shape.rows.length) * S.rowHeight;
  const legendY = rowsY + rowsHeight + S.legendGap;
  const legendHeight = shape.legendLines * S.legendLineHeight;
  const footerY = legendY + legendHeight + (legendHeight > 0 ? S.legendGap : 0);
  const height = Math.round(footerY + S.footerHeight + S.padding / 2);
  const span = shape.endUs - shape.startUs;
  return {
    width,
    height,
    scale: shape.scale,
    title,
    axis: { x: plotX, y: axisY, width: plotWidth, height: S.axisHeight },
    plot: { x: plotX, y: rowsY, width: plotWidth, height: rowsHeight },
    labels: { x: S.padding, y: rowsY, width: labelWidth, height: rowsHeight },
    rows,
    ticks: span > 0 ? axisTicks(shape.startUs - shape.originUs, shape.endUs - shape.originUs, plotWidth) : [],
    legend: { x: S.padding, y: legendY, width: inner, height: legendHeight },
    footer: { x: S.padding, y: footerY, width: inner, height: S.footerHeight },
    startUs: shape.startUs,
    endUs: shape.endUs,
    originUs: shape.originUs,
  };
}

/** The x of trace time `us` (absolute µs), in CSS pixels. */
export function xOfTime(layout: ExportLayout, us: number): number {
  return layout.plot.x + ((us - layout.startUs) / (layout.endUs - layout.startUs)) * layout.plot.width;
}

/** The vertical centre of a table row, or null when the row is not shown. */
export function rowCentre(layout: ExportLayout, rowIndex: number): number | null {
  const row = layout.rows.find((r) => r.index === rowIndex);
  return row ? row.y + row.height / 2 : null;
}
