import type { FileGrant } from '../../shared/api';
import { SAMPLES, type Sample } from '../loading/samples';
import { captureTitle } from './Toolbar';

interface Props {
  captureAvailable: boolean;
  /** Files opened before, most recent first (the backend keeps the list). */
  recent: readonly FileGrant[];
  onOpen(): void;
  onOpenRecent(file: FileGrant): void;
  onSample(sample: Sample): void;
  onCapture(): void;
}

export function EmptyState({ captureAvailable, recent, onOpen, onOpenRecent, onSample, onCapture }: Props) {
  const [first] = SAMPLES;
  return (
    <div className="empty-state" data-testid="empty-state">
      <h1>Follow each packet across your network devices</h1>
      <p className="muted">
        Skbscope shows perf's <code>net:</code> and <code>skb:</code> tracepoints on a timeline: one row per device,
        each packet in its own colour.
      </p>
      <div className="empty-actions">
        <button type="button" className="primary" onClick={onOpen}>
          Open a trace file… <kbd>Ctrl+O</kbd>
        </button>
        {first && (
          <button type="button" onClick={() => onSample(first)} title={first.description}>
            Open the sample: {first.title}
          </button>
        )}
        <button type="button" disabled={!captureAvailable} title={captureTitle(captureAvailable)} onClick={onCapture}>
          Start a capture… <kbd>F5</kbd>
        </button>
      </div>
      {recent.length > 0 && (
        <section className="recent" aria-label="Recent files">
          <h2>Recent</h2>
          <ul>
            {recent.map((f) => (
              <li key={f.fileId}>
                <button type="button" className="link" onClick={() => onOpenRecent(f)} title={`${(f.size / 1e6).toFixed(1)} MB`}>
                  {f.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="muted small">
        Or drop a file here. To capture one yourself:{' '}
        <code>sudo perf trace --no-syscalls -e 'net:*' ping -c1 172.17.0.2 2&gt; trace.txt</code>
      </p>
    </div>
  );
}
