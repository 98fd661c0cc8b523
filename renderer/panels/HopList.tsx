/** The selected packet's events in order, with the time between hops: where it went, how fast, how it ended. */
import { reasonLabel } from '../../shared/journeys/drop-reasons';
import { useMemo } from 'react';
import type { RoundTrip } from '../../shared/journeys/round-trips';
import type { Journey } from '../../shared/journeys/journeys';
import type { TraceTable } from '../../shared/trace/trace-table';
import { hopsOf, packetPath } from '../../shared/view/packet-hops';
import { formatDuration } from '../../shared/view/time-format';

interface Props {
  table: TraceTable;
  /** The selection's events, in time order. */
  events: readonly number[];
  color: string;
  address: string;
  /** The packet, when one journey is selected rather than a whole address. */
  journey: Journey | null;
  roundTrip: RoundTrip | null;
  focusedEvent: number | null;
  onFocus(event: number): void;
  onZoom(startUs: number, endUs: number): void;
}

const FATE: Record<Journey['fate'], string> = {
  delivered: 'delivered',
  consumed: 'consumed (delivered and freed)',
  dropped: 'dropped',
  'benign-free': 'freed, as the kernel always does here',
  sent: 'sent',
  unknown: 'still on its way when the trace ends',
};

export function HopList({ table, events, color, address, journey, roundTrip, focusedEvent, onFocus, onZoom }: Props) {
  const hops = useMemo(() => hopsOf(table, events), [table, events]);
  const first = hops[0];
  const last = hops[hops.length - 1];
  const drop = journey?.drop ?? null;
  return (
    <section className="panel hops" aria-label="Packet hops" data-testid="hops">
      <h2>
        <span className="swatch" style={{ background: color }} />
        <span className="mono">{address}</span>
        {journey === null && <span className="muted">every packet at this address</span>}
      </h2>
      <p className="path">{(journey?.path ?? packetPath(hops)).join(' → ')}</p>
      {journey && (
        <p className={journey.fate === 'dropped' ? 'fate-line warn' : 'fate-line'} data-testid="fate">
          {FATE[journey.fate]}
          {drop && !drop.benign ? `: ${reasonLabel(drop.reason)}${drop.device ? ` on ${drop.device}` : ''}${drop.location ? ` at ${drop.location}` : ''}` : ''}
          {drop?.benign ? ` (${reasonLabel(drop.reason)} at ${drop.location}: ${drop.benign})` : ''}
        </p>
      )}
      {roundTrip && (
        <p className="muted">
          Round trip {formatDuration(roundTrip.roundTripUs)} ({roundTrip.request === journey?.id ? 'this request and its reply' : 'its request and this reply'})
        </p>
      )}
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
            <button type="button" className={h.event === focusedEvent ? 'hop focused' : 'hop'} onClick={() => onFocus(h.event)}>
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
