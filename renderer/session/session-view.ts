/** Between what the window shows and a session file's view: captured for saving, applied after opening. */
import { SEARCH_FILTER, type SessionView } from '../../shared/session/session-file';
import type { TraceTable } from '../../shared/trace/trace-table';
import { type Highlight, NO_HIGHLIGHT } from '../timeline/event-looks';

export interface ViewState {
  range: { startUs: number; endUs: number };
  highlight: Highlight;
  hiddenRows: ReadonlySet<number>;
  /** The packet search, as typed. */
  search: string;
}

export function captureView(table: TraceTable, state: ViewState): SessionView {
  const { packet, event } = state.highlight;
  return {
    range: state.range,
    selected: packet === null ? null : { packet, skbaddr: table.packetAddress(packet), journey: state.highlight.journey, line: event === null ? null : table.line(event) },
    hiddenRows: [...state.hiddenRows].map((r) => table.rows()[r]?.label).filter((l): l is string => l !== undefined),
    filters: state.search.trim() === '' ? {} : { [SEARCH_FILTER]: state.search },
  };
}

/** The view for this table; what no longer matches it (a row or packet not there) is left out. */
export function applyView(table: TraceTable, view: SessionView): ViewState {
  const rows = table.rows();
  const hidden = new Set<number>();
  for (const label of view.hiddenRows) {
    const r = rows.findIndex((row) => row.label === label);
    if (r >= 0) hidden.add(r);
  }
  let highlight: Highlight = NO_HIGHLIGHT;
  const sel = view.selected;
  if (sel && sel.packet < table.packetCount && table.packetAddress(sel.packet) === sel.skbaddr) {
    let event: number | null = null;
    if (sel.line !== null) {
      for (let e = 0; e < table.count; e++) {
        if (table.line(e) === sel.line) {
          event = table.packetOf(e) === sel.packet ? e : null;
          break;
        }
      }
    }
    highlight = { packet: sel.packet, journey: sel.journey, event };
  }
  return { range: view.range, highlight, hiddenRows: hidden, search: view.filters[SEARCH_FILTER] ?? '' };
}
