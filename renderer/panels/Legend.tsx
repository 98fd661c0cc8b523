/**
 * The skbaddrs: one address may carry several packets over time (the kernel reuses skb memory).
 * Clicking one selects all it carried. Counts come from the table's per-packet index, not a pass
 * over the events.
 */
import { useState } from 'react';
import type { TraceTable } from '../../shared/trace/trace-table';

const SHOWN = 300;

interface Props {
  table: TraceTable;
  revision: number;
  /** The colour an address is listed with (its first packet's). */
  colorOf(packet: number): string;
  selected: number | null;
  onSelect(packet: number | null): void;
}

export function Legend({ table, colorOf, selected, onSelect }: Props) {
  const [filter, setFilter] = useState('');
  const packets = table.packetCount;
  const matching: number[] = [];
  const needle = filter.trim().toLowerCase();
  for (let p = 0; p < packets && matching.length < SHOWN; p++) {
    if (!needle || table.packetAddress(p).includes(needle)) matching.push(p);
  }
  return (
    <section className="panel legend" aria-label="Addresses">
      <h2>
        Addresses <span className="muted">(skbaddr, {packets})</span>
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
              title="Select every packet at this address: their events stand out, the others fade"
            >
              <span className="swatch" style={{ background: colorOf(p) }} data-color={colorOf(p)} />
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
