import { SAMPLES, type Sample } from '../loading/samples';
import { captureTitle } from './Toolbar';

interface Props {
  captureAvailable: boolean;
  onOpen(): void;
  onSample(sample: Sample): void;
  onCapture(): void;
}

export function EmptyState({ captureAvailable, onOpen, onSample, onCapture }: Props) {
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
      <p className="muted small">
        Or drop a file here. To capture one yourself:{' '}
        <code>sudo perf trace --no-syscalls -e 'net:*' ping -c1 172.17.0.2 2&gt; trace.txt</code>
      </p>
    </div>
  );
}
