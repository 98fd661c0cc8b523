/** The device rows, each with its events in the trace; unticking one hides it from the timeline and exports. */
import type { TraceTable } from '../../shared/trace/trace-table';

interface Props {
  table: TraceTable;
  revision: number;
  hidden: ReadonlySet<number>;
  onChange(hidden: ReadonlySet<number>): void;
}

export function RowsPanel({ table, hidden, onChange }: Props) {
  const rows = table.rows();
  if (rows.length < 2) return null;
  // In the timeline's order: devices as they appeared, the row of unattributed events last.
  const order = rows.map((row, r) => ({ row, r })).sort((a, b) => Number(a.row.device === null) - Number(b.row.device === null) || a.r - b.r);
  const toggle = (r: number): void => {
    const next = new Set(hidden);
    if (next.has(r)) next.delete(r);
    else next.add(r);
    onChange(next);
  };
  return (
    <section className="panel rows-panel" aria-label="Rows">
      <details open={hidden.size > 0}>
        <summary>
          <h2>
            Rows <span className="muted">({rows.length - hidden.size} of {rows.length} shown)</span>
          </h2>
        </summary>
        <ul>
          {order.map(({ row, r }) => (
            <li key={`${r}-${row.label}`}>
              <label>
                <input type="checkbox" checked={!hidden.has(r)} onChange={() => toggle(r)} aria-label={`Show ${row.label}`} />
                <span className={row.device === null ? 'row-other' : 'mono'}>{row.label}</span>
                <span className="muted">{table.rowEvents(r).length.toLocaleString('en')}</span>
              </label>
            </li>
          ))}
        </ul>
        {hidden.size > 0 && (
          <button type="button" className="link" onClick={() => onChange(new Set())}>
            Show all rows
          </button>
        )}
      </details>
    </section>
  );
}
