/** Drops by reason and device; a click shows those packets in the list. */
import { reasonLabel } from '../../shared/journeys/drop-reasons';
import type { TraceJourneys } from './use-journeys';

export function DropSummaryPanel({ journeys, onShow }: { journeys: TraceJourneys; onShow(query: string): void }) {
  const { drops, benignFrees } = journeys.drops;
  if (drops.length === 0 && benignFrees === 0) return null;
  return (
    <section className="panel drops" aria-label="Drops">
      <h2>Drops</h2>
      <ul data-testid="drop-summary">
        {drops.map((d) => (
          <li key={`${d.reason}-${d.device ?? ''}`}>
            <button type="button" className="drop-row" onClick={() => onShow(`reason:${d.reason}${d.device ? ` dev:${d.device}` : ''}`)}>
              <span className="drop-count">{d.count.toLocaleString('en')}</span>
              <span className="drop-reason">{reasonLabel(d.reason)}</span>
              <span className="muted">{d.device ? `on ${d.device}` : ''}</span>
            </button>
          </li>
        ))}
      </ul>
      {benignFrees > 0 && (
        <p className="muted small" title="Frees that look like drops but are the kernel working as it should">
          {benignFrees.toLocaleString('en')} benign {benignFrees === 1 ? 'free' : 'frees'} not counted (e.g. a raw-socket ping's reply copy).{' '}
          <button type="button" className="link" onClick={() => onShow('benign')}>
            Show
          </button>
        </p>
      )}
    </section>
  );
}
