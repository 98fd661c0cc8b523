/**
 * Every field of the clicked event, with where and when it happened. The fields are read back from
 * the trace's text; the panel appears once they are there, whole, rather than in two steps.
 */
import type { LoadedTrace } from '../loading/trace-loader';
import { formatIn, unitFor } from '../../shared/view/time-format';
import { useEventFields } from './use-event-fields';

export function DetailsPanel({ trace, event }: { trace: LoadedTrace; event: number }) {
  const { table } = trace;
  const read = useEventFields(trace, event);
  if (read === null) return null;
  const rel = table.time(event) - table.startUs;
  const comm = table.comm(event);
  const pid = table.pid(event);
  const cpu = table.cpu(event);
  const rows: [string, string][] = [
    ['time', `${formatIn(rel, unitFor(rel), 0.001)} from start`],
    ['device', table.device(event) ?? `${table.rows()[table.rowOf(event)]?.label ?? '—'} (last seen)`],
  ];
  if (comm !== null || pid !== null) rows.push(['comm/pid', `${comm ?? '?'}/${pid ?? '?'}`]);
  if (cpu !== null) rows.push(['cpu', String(cpu)]);
  rows.push(['line', String(table.line(event))]);
  const fields = read.ok ? read.fields : [];
  return (
    <section className="panel details" aria-label="Event details" data-testid="details">
      <h2 className="mono">{table.eventName(event)}</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k} className="kv">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Fields</h3>
      {!read.ok ? (
        <p className="muted">{read.message}</p>
      ) : fields.length === 0 ? (
        <p className="muted">No fields: perf leaves out fields whose value is zero.</p>
      ) : (
        <dl className="fields">
          {fields.map((f, i) => (
            <div key={`${f.key}-${i}`} className="kv">
              <dt className="mono">{f.key}</dt>
              <dd className="mono">{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
