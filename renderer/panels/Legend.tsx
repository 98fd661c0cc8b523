/** Packets and their colours; clicking one selects it. Counts come from the table's per-packet index, not a pass over the events. */
import { useState } from 'react';
import type { TraceTable } from '../../shared/trace/trace-table';
import { packetColor } from '../../shared/view/packet-colors';

const SHOWN = 300;

interface Props {
  table: TraceTable;
  revision: number;
  selected: number | null;
  onSelect(packet: number | null): void;
}

export function Legend({ table, selected, onSelect }: Props) {
  const [filter, setFilter] = useState('');
  const packets = table.packetCount;
  const matching: number[] = [];
  const needle = filter.trim().toLowerCase();
  for (let p = 0; p < packets && matching.length < SHOWN; p++) {
    if (!needle || table.packetAddress(p).includes(needle)) matching.push(p);
  }
  return (
    <section className="panel legend" aria-label="Packets">
      <h2>
        Packets <span className="muted">({packets})</span>
      </h2>
      {packets > 8 && (
        <input
          className="legend-filter"
          type="search"
          placeholder="Filter by skbaddr"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      <ul data-testid="legend">
        {matching.map((p) => (
          <li key={p}>
            <button
              type="button"
              className={p === selected ? 'legend-entry selected' : 'legend-entry'}
              aria-pressed={p === selected}
              onClick={() => onSelect(p === selected ? null : p)}
              title="Select this packet: its events stand out, the others fade"
            >
              <span className="swatch" style={{ background: packetColor(p) }} data-color={packetColor(p)} />
              <span className="mono">{table.packetAddress(p)}</span>
              <span className="muted">{table.packetEventCount(p)}</span>
            </button>
          </li>
        ))}
      </ul>
      {packets > matching.length && !needle && (
        <p className="muted">{packets - matching.length} more; filter to find one.</p>
      )}
    </section>
  );
}
