/**
 * The search box: `dev:eth0 len>1000 dropped` keeps the journeys that match every term. Terms:
 * `dev:NAME` (crossed that device), `event:NAME` (has that event; `net:` may be left out),
 * `len>N` `len<N` `len>=N` `len<=N` `len=N` (first length), `comm:NAME`, `pid:N`, `skb:ADDR`
 * (the address or its tail), a fate on its own or as `fate:NAME` (delivered, consumed, dropped,
 * benign, sent, unknown), `reason:NAME` (drop reason). Anything else matches the text of device,
 * event or address. Parsing never throws: a term it cannot read is reported, and matches nothing.
 */
import type { TraceTable } from '../trace/trace-table';
import type { Fate, Journey } from './journeys';

export interface JourneyFilter {
  test(journey: Journey): boolean;
  /** Terms that were not understood, in words, for the search box to show. */
  problems: string[];
  /** The query is empty: everything passes. */
  empty: boolean;
}

const FATES: Record<string, Fate> = {
  delivered: 'delivered',
  consumed: 'consumed',
  dropped: 'dropped',
  benign: 'benign-free',
  'benign-free': 'benign-free',
  sent: 'sent',
  unknown: 'unknown',
};

type Test = (j: Journey) => boolean;

export function parseJourneyFilter(query: string, table: TraceTable): JourneyFilter {
  const tests: Test[] = [];
  const problems: string[] = [];
  const terms = query.trim().split(/\s+/).filter(Boolean);
  for (const term of terms) {
    const test = termTest(term.toLowerCase(), table);
    if (typeof test === 'string') problems.push(test);
    else tests.push(test);
  }
  return {
    test: (j) => problems.length === 0 && tests.every((t) => t(j)),
    problems,
    empty: terms.length === 0,
  };
}

function termTest(term: string, table: TraceTable): Test | string {
  const len = /^len(>=|<=|>|<|=)(\d+)$/.exec(term);
  if (len) {
    const n = Number(len[2]);
    const cmp: Record<string, (a: number) => boolean> = { '>': (a) => a > n, '<': (a) => a < n, '>=': (a) => a >= n, '<=': (a) => a <= n, '=': (a) => a === n };
    const f = cmp[len[1] as string] as (a: number) => boolean;
    return (j) => j.len !== null && f(j.len);
  }
  const fate = FATES[term];
  if (fate) return (j) => j.fate === fate;
  const colon = term.indexOf(':');
  const [key, value] = colon > 0 ? [term.slice(0, colon), term.slice(colon + 1)] : ['', term];
  if (colon > 0 && value === '') return `"${term}" needs a value after the colon`;
  switch (key) {
    case 'dev':
    case 'device':
      return (j) => j.path.some((d) => d.toLowerCase() === value);
    case 'event': {
      const name = value.includes(':') ? value : `net:${value}`;
      return (j) => j.events.some((e) => table.eventName(e).toLowerCase() === name || table.eventName(e).toLowerCase() === value);
    }
    case 'comm':
      return (j) => j.events.some((e) => table.comm(e)?.toLowerCase() === value);
    case 'pid':
      if (!/^\d+$/.test(value)) return `"${term}": a pid is a number`;
      return (j) => j.events.some((e) => table.pid(e) === Number(value));
    case 'skb':
    case 'skbaddr':
      return (j) => table.packetAddress(j.packet).endsWith(value.replace(/^0x/, ''));
    case 'fate': {
      const f = FATES[value];
      return f ? (j) => j.fate === f : `"${value}" is not a fate (delivered, consumed, dropped, benign, sent, unknown)`;
    }
    case 'reason':
      return (j) => j.drop !== null && j.drop.reason.toLowerCase() === value;
    case '':
      return (j) =>
        j.path.some((d) => d.toLowerCase().includes(value)) ||
        table.packetAddress(j.packet).includes(value) ||
        j.events.some((e) => table.eventName(e).toLowerCase().includes(value));
    default:
      return `"${key}:" is not something to search by (dev, event, len, comm, pid, skb, fate, reason)`;
  }
}
