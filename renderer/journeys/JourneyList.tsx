/**
 * The packets as a list: each journey's path, length, start, total time, slowest hop and fate.
 * Searchable (`dev:eth0 len>1000 dropped`), sortable by any column; a click selects the journey
 * and zooms the timeline to it.
 */
import { reasonLabel } from '../../shared/journeys/drop-reasons';
import { useMemo, useState } from 'react';
import type { Journey } from '../../shared/journeys/journeys';
import type { TraceTable } from '../../shared/trace/trace-table';
import { packetColor } from '../../shared/view/packet-colors';
import { formatDuration, formatIn, unitFor } from '../../shared/view/time-format';
import type { TraceJourneys } from './use-journeys';
import type { JourneySearch } from './use-journey-search';

type SortKey = 'start' | 'duration' | 'len' | 'hop' | 'fate';

const SORTS: Record<SortKey, { label: string; compare(a: Journey, b: Journey): number }> = {
  start: { label: 'start', compare: (a, b) => a.startUs - b.startUs },
  duration: { label: 'total time', compare: (a, b) => b.endUs - b.startUs - (a.endUs - a.startUs) },
  len: { label: 'length', compare: (a, b) => (b.len ?? -1) - (a.len ?? -1) },
  hop: { label: 'slowest hop', compare: (a, b) => b.longestHopUs - a.longestHopUs },
  fate: { label: 'fate', compare: (a, b) => FATE_ORDER[a.fate] - FATE_ORDER[b.fate] || a.startUs - b.startUs },
};

const FATE_ORDER: Record<Journey['fate'], number> = { dropped: 0, unknown: 1, sent: 2, delivered: 3, consumed: 4, 'benign-free': 5 };
const FATE_TEXT: Record<Journey['fate'], string> = {
  dropped: 'dropped',
  consumed: 'consumed',
  delivered: 'delivered',
  'benign-free': 'freed (benign)',
  sent: 'sent',
  unknown: 'in flight',
};
/** Rows drawn at once: enough to scroll through, and the search narrows the rest. */
const SHOWN = 400;

interface Props {
  table: TraceTable;
  journeys: TraceJourneys;
  search: JourneySearch;
  onQuery(query: string): void;
  selected: number | null;
  onSelect(journey: Journey): void;
}

export function JourneyList({ table, journeys, search, onQuery, selected, onSelect }: Props) {
  const [sort, setSort] = useState<SortKey>('start');
  const { query, filter, matches } = search;
  const matching = useMemo(() => {
    const list = matches ? journeys.journeys.filter((j) => matches[j.id] === 1) : journeys.journeys;
    return [...list].sort(SORTS[sort].compare);
  }, [journeys, matches, sort]);
  const origin = table.startUs;
  return (
    <section className="panel journeys" aria-label="Journeys">
      <h2>
        Packets <span className="muted">({matching.length.toLocaleString('en')} of {journeys.journeys.length.toLocaleString('en')})</span>
      </h2>
      <input
        type="search"
        className="journey-search"
        aria-label="Search packets"
        placeholder="dev:eth0 len>1000 dropped"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
      />
      {filter.problems.length > 0 && (
        <p className="warn small" role="alert">
          {filter.problems.join('; ')}
        </p>
      )}
      <label className="journey-sort">
        Sort by{' '}
        <select aria-label="Sort packets by" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
          {Object.entries(SORTS).map(([key, s]) => (
            <option key={key} value={key}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <ol className="journey-list" data-testid="journeys">
        {matching.slice(0, SHOWN).map((j) => {
          const trip = journeys.tripOf.get(j.id);
          return (
            <li key={j.id}>
              <button type="button" className={j.id === selected ? 'journey selected' : 'journey'} aria-pressed={j.id === selected} onClick={() => onSelect(j)}>
                <span className="swatch" style={{ background: packetColor(j.id) }} />
                <span className="journey-path">{j.path.join(' → ') || 'on no device (freed only)'}</span>
                <span className={`fate fate-${j.fate}`}>
                  {FATE_TEXT[j.fate]}
                  {j.drop && !j.drop.benign ? `: ${reasonLabel(j.drop.reason)}` : ''}
                </span>
                <span className="journey-facts muted">
                  {j.len ?? '?'} B · at {formatIn(j.startUs - origin, unitFor(j.startUs - origin), 1)} · {formatDuration(j.endUs - j.startUs)}
                  {j.longestHop ? ` · slowest hop ${formatDuration(j.longestHop.us)}` : ''}
                  {trip ? ` · round trip ${formatDuration(trip.roundTripUs)}` : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {matching.length > SHOWN && <p className="muted small">{(matching.length - SHOWN).toLocaleString('en')} more: narrow the search to see them.</p>}
    </section>
  );
}
