/** The selected packet's events in order, with the time between hops: where it went, how fast. */
import { useMemo } from 'react';
import type { TraceTable } from '../../shared/trace/trace-table';
import { packetColor } from '../../shared/view/packet-colors';
import { packetHops, packetPath } from '../../shared/view/packet-hops';
import { formatDuration } from '../../shared/view/time-format';

interface Props {
  table: TraceTable;
  revision: number;
  packet: number;
  focusedEvent: number | null;
  onFocus(event: number): void;
  onZoom(startUs: number, endUs: number): void;
}

export function HopList({ table, revision, packet, focusedEvent, onFocus, onZoom }: Props) {
  const hops = useMemo(() => packetHops(table, packet), [table, revision, packet]);
  const first = hops[0];
  const last = hops[hops.length - 1];
  return (
    <section className="panel hops" aria-label="Packet hops" data-testid="hops">
      <h2>
        <span className="swatch" style={{ background: packetColor(packet) }} />
        <span className="mono">{table.packetAddress(packet)}</span>
      </h2>
      <p className="path">{packetPath(hops).join(' → ')}</p>
      {first && last && (
        <p className="muted">
          {hops.length} events over {formatDuration(last.timeUs - first.timeUs)}{' '}
          <button type="button" className="link" onClick={() => onZoom(first.timeUs, last.timeUs)}>
            Zoom to packet
          </button>
        </p>
      )}
      <ol className="hop-list">
        {hops.map((h) => (
          <li key={h.event}>
            <button
              type="button"
              className={h.event === focusedEvent ? 'hop focused' : 'hop'}
              onClick={() => onFocus(h.event)}
            >
              <span className="hop-delta">{h.deltaUs === null ? 'start' : `+${formatDuration(h.deltaUs)}`}</span>
              <span className="hop-dev">{h.device ?? '—'}</span>
              <span className="hop-event mono">{h.eventName.replace(/^net:/, '')}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
