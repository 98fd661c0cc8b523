/** Packets and their colours; clicking one selects it. */
import { useMemo, useState } from 'react';
import { NONE } from '../../shared/trace/event-batch';
import type { TraceTable } from '../../shared/trace/trace-table';
import { packetColor } from '../../shared/view/packet-colors';

const SHOWN = 300;

interface Props {
  table: TraceTable;
  revision: number;
  selected: number | null;
  onSelect(packet: number | null): void;
}

export function Legend({ table, revision, selected, onSelect }: Props) {
  const [filter, setFilter] = useState('');
  const counts = useMemo(() => eventsPerPacket(table), [table, revision]);
  const matching: number[] = [];
  const needle = filter.trim().toLowerCase();
  for (let p = 0; p < counts.length && matching.length < SHOWN; p++) {
    if (!needle || table.packetAddress(p).includes(needle)) matching.push(p);
  }
  return (
    <section className="panel legend" aria-label="Packets">
      <h2>
        Packets <span className="muted">({counts.length})</span>
      </h2>
      {counts.length > 8 && (
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
              <span className="muted">{counts[p]}</span>
            </button>
          </li>
        ))}
      </ul>
      {counts.length > matching.length && !needle && (
        <p className="muted">{counts.length - matching.length} more; filter to find one.</p>
      )}
    </section>
  );
}

function eventsPerPacket(table: TraceTable): Int32Array {
  const counts = new Int32Array(table.packetCount);
  for (let e = 0; e < table.count; e++) {
    const p = table.packetOf(e);
    if (p !== NONE) counts[p] = (counts[p] ?? 0) + 1;
  }
  return counts;
}
