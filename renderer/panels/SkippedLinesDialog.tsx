/** The lines that were not events, with why: so nothing is dropped silently. */
import type { SkippedLine } from '../../shared/trace/event-batch';
import { useModalKeys } from '../app/use-modal-keys';

interface Props {
  skipped: readonly SkippedLine[];
  total: number;
  onClose(): void;
}

export function SkippedLinesDialog({ skipped, total, onClose }: Props) {
  useModalKeys(onClose);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label="Skipped lines"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>
          {total} {total === 1 ? 'line' : 'lines'} skipped
        </h2>
        <p className="muted">
          These lines are not tracepoint events (perf's own messages, comments, cut-off or foreign lines).
          {total > skipped.length ? ` The first ${skipped.length} are listed.` : ''}
        </p>
        <table className="skipped">
          <thead>
            <tr>
              <th>line</th>
              <th>why</th>
              <th>text</th>
            </tr>
          </thead>
          <tbody>
            {skipped.map((s) => (
              <tr key={s.line}>
                <td className="num">{s.line}</td>
                <td>{s.reason}</td>
                <td className="mono">{s.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
