/**
 * Which tracepoints to capture: presets, a searchable list read from the target (grouped by
 * subsystem), and the chosen ones, each with an optional kernel filter.
 */
import { useMemo, useState } from 'react';
import { PRESETS, type TracepointGroup } from '../../shared/capture/capture-settings';

interface Props {
  groups: readonly TracepointGroup[];
  events: readonly string[];
  filters: Readonly<Record<string, string>>;
  onChange(events: string[], filters: Record<string, string>): void;
}

/** `net:*` covers `net:netif_rx`; perf's globs are shell-like. */
function covers(glob: string, event: string): boolean {
  if (!/[*?]/.test(glob)) return false;
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(event);
}

export function TracepointPicker({ groups, events, filters, onChange }: Props) {
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = useMemo(
    () =>
      groups
        .map((g) => ({ ...g, events: g.events.filter((e) => !needle || e.toLowerCase().includes(needle)) }))
        .filter((g) => g.events.length > 0),
    [groups, needle],
  );
  const globs = events.filter((e) => /[*?]/.test(e));

  const setEvents = (next: string[]): void => {
    const kept: Record<string, string> = {};
    for (const e of next) if (filters[e]) kept[e] = filters[e];
    onChange(next, kept);
  };
  const toggle = (event: string): void =>
    setEvents(events.includes(event) ? events.filter((e) => e !== event) : [...events, event]);

  return (
    <div className="tracepoints">
      <div className="presets" role="group" aria-label="Presets">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className={sameSet(p.events, events) ? 'preset active' : 'preset'}
            aria-pressed={sameSet(p.events, events)}
            onClick={() => setEvents([...p.events])}
          >
            {p.title}
          </button>
        ))}
      </div>

      <h3>Chosen ({events.length})</h3>
      {events.length === 0 ? (
        <p className="muted">None yet: pick a preset or tracepoints below.</p>
      ) : (
        <ul className="chosen" aria-label="Chosen tracepoints">
          {events.map((e) => (
            <li key={e}>
              <code>{e}</code>
              <input
                type="text"
                className="filter"
                placeholder="kernel filter, e.g. len > 100"
                aria-label={`Filter for ${e}`}
                value={filters[e] ?? ''}
                onChange={(ev) => {
                  const next = { ...filters };
                  if (ev.target.value) next[e] = ev.target.value;
                  else delete next[e];
                  onChange([...events], next);
                }}
              />
              <button type="button" className="remove" aria-label={`Remove ${e}`} onClick={() => toggle(e)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}

      <input
        type="search"
        className="tp-search"
        placeholder="Search tracepoints"
        aria-label="Search tracepoints"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="tp-list">
        {shown.map((g) => {
          const all = `${g.subsystem}:*`;
          return (
            <fieldset key={g.subsystem}>
              <legend>
                {g.subsystem}{' '}
                <button type="button" className="link" onClick={() => toggle(all)} aria-pressed={events.includes(all)}>
                  {events.includes(all) ? `remove ${all}` : `all (${all})`}
                </button>
              </legend>
              {g.events.map((e) => {
                const glob = globs.find((x) => covers(x, e));
                return (
                  <label key={e} className={glob ? 'covered' : undefined} title={glob ? `Included by ${glob}` : undefined}>
                    <input type="checkbox" checked={events.includes(e) || glob !== undefined} disabled={glob !== undefined} onChange={() => toggle(e)} />
                    {e.slice(e.indexOf(':') + 1)}
                  </label>
                );
              })}
            </fieldset>
          );
        })}
        {shown.length === 0 && <p className="muted">No tracepoint matches “{search}”.</p>}
      </div>
    </div>
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
