/**
 * Export the timeline as PNG (Ctrl+E): what is on screen or the whole trace, at a chosen width and
 * scale, with a preview drawn by the same code that draws the file.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDuration, formatIn, unitFor } from '../../shared/view/time-format';
import { useModalKeys } from '../app/use-modal-keys';
import type { LoadedTrace } from '../loading/trace-loader';
import type { Highlight, LookJourneys } from '../timeline/event-looks';
import type { JourneySearch } from '../journeys/use-journey-search';
import { type ExportRequest, type ExportTheme, planExport } from './draw-export';
import { pixelSize, renderPng } from './render-png';

interface Props {
  trace: LoadedTrace;
  /** What the timeline shows now. */
  visible: { startUs: number; endUs: number; widthPx: number };
  hiddenRows: ReadonlySet<number>;
  journeys: LookJourneys | null;
  search: JourneySearch;
  highlight: Highlight;
  version: string;
  /** The window's theme: the image follows it. */
  theme: ExportTheme;
  onExport(png: Blob, suggestedName: string): Promise<void>;
  onClose(): void;
}

const PREVIEW_PX = 760;

export function ExportDialog({ trace, visible, hiddenRows, journeys, search, highlight, version, theme, onExport, onClose }: Props) {
  const { table } = trace;
  const [range, setRange] = useState<'view' | 'all'>('view');
  const [widthText, setWidthText] = useState(String(Math.max(800, Math.round((visible.widthPx + 200) / 10) * 10)));
  const [scale, setScale] = useState(2);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  useModalKeys(onClose);

  const widthPx = Number(widthText);
  const widthOk = Number.isInteger(widthPx) && widthPx >= 480 && widthPx <= 8000;
  const request: ExportRequest = useMemo(() => {
    const [startUs, endUs] = range === 'view' ? [visible.startUs, visible.endUs] : wholeTrace(trace);
    return {
      table,
      startUs,
      endUs,
      widthPx: widthOk ? widthPx : 1200,
      scale,
      hiddenRows,
      journeys,
      matches: search.matches,
      highlight,
      title: titleOf(trace),
      subtitle: subtitleOf(trace, startUs, endUs, hiddenRows, journeys, search),
      footer: `Skbscope ${version} · exported ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      theme,
    };
  }, [range, visible, trace, table, widthPx, widthOk, scale, hiddenRows, journeys, search, highlight, version, theme]);
  const drawing = useMemo(() => planExport(request), [request]);
  const size = pixelSize(drawing);

  // The preview: the same drawing, scaled to fit the dialog.
  useEffect(() => {
    const canvas = preview.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const fit = Math.min(1, PREVIEW_PX / drawing.layout.width) * (window.devicePixelRatio || 1);
    canvas.width = Math.round(drawing.layout.width * fit);
    canvas.height = Math.round(drawing.layout.height * fit);
    canvas.style.width = `${Math.round(canvas.width / (window.devicePixelRatio || 1))}px`;
    planExport({ ...request, scale: fit }).draw(ctx);
  }, [drawing, request]);

  const save = (): void => {
    setBusy(true);
    setError(null);
    renderPng(drawing)
      .then((png) => onExport(png, `${baseName(trace.title)}-timeline.png`))
      .then(onClose, (err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="modal-backdrop">
      <div className="modal export-dialog" role="dialog" aria-modal="true" aria-label="Export as PNG">
        <h2>Export as PNG</h2>
        <div className="export-options">
          <fieldset>
            <legend>Range</legend>
            <label>
              <input type="radio" name="range" checked={range === 'view'} onChange={() => setRange('view')} /> What is on screen
            </label>
            <label>
              <input type="radio" name="range" checked={range === 'all'} onChange={() => setRange('all')} /> The whole trace
            </label>
          </fieldset>
          <label>
            Width
            <input type="number" min={480} max={8000} step={10} aria-label="Width in pixels" value={widthText} onChange={(e) => setWidthText(e.target.value)} />
            px
          </label>
          <fieldset>
            <legend>Scale</legend>
            {[1, 2, 3].map((s) => (
              <label key={s}>
                <input type="radio" name="scale" checked={scale === s} onChange={() => setScale(s)} /> {s}×
              </label>
            ))}
          </fieldset>
        </div>
        <p className="muted small" data-testid="export-size">
          {size.width.toLocaleString('en')} × {size.height.toLocaleString('en')} pixels
          {hiddenRows.size > 0 ? ` · ${hiddenRows.size} hidden ${hiddenRows.size === 1 ? 'row' : 'rows'} left out` : ''}
        </p>
        {!widthOk && <p className="warn">Choose a width from 480 to 8,000 pixels.</p>}
        <div className="export-preview">
          <canvas ref={preview} aria-label="Preview" />
        </div>
        {error && (
          <p className="warn" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy || !widthOk} onClick={save}>
            {busy ? 'Exporting…' : 'Export…'}
          </button>
        </div>
      </div>
    </div>
  );
}

function wholeTrace(trace: LoadedTrace): [number, number] {
  const { startUs, endUs } = trace.table;
  const pad = Math.max((endUs - startUs) * 0.02, 2);
  return [startUs - pad, endUs + pad];
}

/** `tcp-bulk.txt — vm · perf trace … · 2026-11-25 13:00` */
function titleOf(trace: LoadedTrace): string {
  const m = trace.metadata;
  const when = m['captured on'];
  return [trace.title, [m.hostname, m.cmdline, when?.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')].filter(Boolean).join(' · ')]
    .filter(Boolean)
    .join(' — ');
}

function subtitleOf(trace: LoadedTrace, startUs: number, endUs: number, hidden: ReadonlySet<number>, journeys: LookJourneys | null, search: JourneySearch): string {
  const { table } = trace;
  const rel = (us: number): string => formatIn(us - table.startUs, unitFor(Math.max(Math.abs(startUs - table.startUs), Math.abs(endUs - table.startUs))), (endUs - startUs) / 100);
  const devices = table.rows().filter((r, i) => r.device !== null && !hidden.has(i)).length;
  const packets = journeys ? journeys.journeys.length : table.packetCount;
  const found = search.matches ? ` · search "${search.query.trim()}": ${search.matches.reduce((n, m) => n + m, 0).toLocaleString('en')} of them` : '';
  return `${rel(startUs)} to ${rel(endUs)} (${formatDuration(endUs - startUs)}) of a ${formatDuration(table.endUs - table.startUs)} trace · ${table.count.toLocaleString('en')} events · ${devices} ${devices === 1 ? 'device' : 'devices'} · ${packets.toLocaleString('en')} packets${found}`;
}

function baseName(title: string): string {
  return (
    title
      .replace(/^(Sample|Live capture on):?\s*/i, '')
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'skbscope'
  );
}
