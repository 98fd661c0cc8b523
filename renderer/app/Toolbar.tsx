import type { TraceMetadata } from '../../shared/trace/trace-parser';
import { SAMPLES, type Sample } from '../loading/samples';
import { KEYS } from './use-shortcuts';
import type { ThemeSetting } from './use-theme';

const THEME_LABEL: Record<ThemeSetting, string> = { system: 'Theme: as the desktop', light: 'Theme: light', dark: 'Theme: dark' };
const THEME_ICON: Record<ThemeSetting, string> = { system: '◐', light: '☀', dark: '☾' };

interface Props {
  hasTrace: boolean;
  title: string | null;
  /** The trace's header: where, how and when it was captured. */
  metadata: TraceMetadata | null;
  captureAvailable: boolean;
  onOpen(): void;
  onSample(sample: Sample): void;
  onCapture(): void;
  onExport(): void;
  onSaveSession(): void;
  theme: ThemeSetting;
  onTheme(): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onFit(): void;
}

export function Toolbar(p: Props) {
  const about = p.metadata ? describeCapture(p.metadata, p.title) : '';
  return (
    <header className="toolbar">
      <span className="brand">Skbscope</span>
      <button type="button" onClick={p.onOpen} title={`Open a perf trace (${KEYS.open})`}>
        Open…
      </button>
      <select
        aria-label="Open a sample"
        value=""
        onChange={(e) => {
          const sample = SAMPLES.find((s) => s.id === e.target.value);
          if (sample) p.onSample(sample);
        }}
      >
        <option value="" disabled>
          Samples
        </option>
        {SAMPLES.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
      <button type="button" disabled={!p.captureAvailable} title={captureTitle(p.captureAvailable)} onClick={p.onCapture}>
        Capture…
      </button>
      {p.hasTrace && (
        <div className="zoom-group" role="group" aria-label="Zoom">
          <button type="button" onClick={p.onZoomOut} title="Zoom out (−)" aria-label="Zoom out">
            −
          </button>
          <button type="button" onClick={p.onZoomIn} title="Zoom in (+)" aria-label="Zoom in">
            +
          </button>
          <button type="button" onClick={p.onFit} title="Fit the whole trace (F)">
            Fit
          </button>
        </div>
      )}
      {p.hasTrace && (
        <>
          <button type="button" onClick={p.onSaveSession} title={`Save the trace and this view as a session file (${KEYS.save})`}>
            Save session…
          </button>
          <button type="button" onClick={p.onExport} title={`Export the timeline as PNG (${KEYS.exportImage})`}>
            Export PNG…
          </button>
        </>
      )}
      <span className="title" title={[p.title, ...metadataLines(p.metadata)].filter(Boolean).join('\n')} data-testid="trace-title">
        <span className="title-name">{p.title}</span>
        {about && <span className="title-about"> — {about}</span>}
      </span>
      <button type="button" className="theme" onClick={p.onTheme} title={`${THEME_LABEL[p.theme]} (click to change)`} aria-label={THEME_LABEL[p.theme]}>
        {THEME_ICON[p.theme]}
      </button>
    </header>
  );
}

export function captureTitle(available: boolean): string {
  return available ? `Capture with perf trace (${KEYS.newCapture})` : 'Capturing needs the Skbscope app or its browser preview';
}

/** `myhost · perf trace … -- ping -c1 x · 2026-11-25 13:00` from a trace's header (the host once, if the title names it). */
function describeCapture(m: TraceMetadata, title: string | null): string {
  const when = m['captured on'];
  const host = m.hostname && !title?.includes(m.hostname) ? m.hostname : undefined;
  return [host, m.cmdline, when && /^\d{4}-\d\d-\d\dT/.test(when) ? when.slice(0, 16).replace('T', ' ') : when]
    .filter(Boolean)
    .join(' · ');
}

function metadataLines(m: TraceMetadata | null): string[] {
  return m ? Object.entries(m).map(([k, v]) => `${k}: ${v}`) : [];
}
