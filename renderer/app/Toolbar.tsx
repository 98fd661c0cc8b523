import { SAMPLES, type Sample } from '../loading/samples';

interface Props {
  hasTrace: boolean;
  title: string | null;
  captureAvailable: boolean;
  onOpen(): void;
  onSample(sample: Sample): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onFit(): void;
}

export function Toolbar(p: Props) {
  return (
    <header className="toolbar">
      <span className="brand">Skbscope</span>
      <button type="button" onClick={p.onOpen} title="Open a perf trace (Ctrl+O)">
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
      <button type="button" disabled={!p.captureAvailable} title={captureTitle(p.captureAvailable)}>
        Capture
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
      <span className="title" title={p.title ?? undefined}>
        {p.title}
      </span>
    </header>
  );
}

export function captureTitle(available: boolean): string {
  return available ? 'Capture with perf trace' : 'Live capture is not available yet in this build';
}
