/** A small hover card for one event; text only, since every string comes from a trace file. */
import type { TraceTable } from '../../shared/trace/trace-table';
import { formatIn, unitFor } from '../../shared/view/time-format';

export function EventTooltip({ table, event, x, y }: { table: TraceTable; event: number; x: number; y: number }) {
  const rel = table.time(event) - table.startUs;
  const device = table.device(event);
  const skb = table.skbaddr(event);
  return (
    <div className="event-tooltip" style={{ left: x + 12, top: y + 12 }} role="tooltip">
      <div className="tt-name">{table.eventName(event)}</div>
      <div>
        {formatIn(rel, unitFor(rel), 1)}
        {device ? ` · ${device}` : ''}
      </div>
      {skb && <div className="tt-skb">{skb}</div>}
    </div>
  );
}
