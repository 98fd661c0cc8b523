/** What a parse has seen so far: shown in the status bar and printed by the CLI. */
import { type Layout, LAYOUTS } from './event-batch';

export interface ParseTotals {
  lines: number;
  events: number;
  /** Lines that were neither events, comments nor blank (perf's messages, foreign text). */
  skippedLines: number;
  /** `#` lines: headers and notes, not events and not problems. */
  commentLines: number;
  /** Events perf itself reported losing (`LOST n events!`). */
  lostEvents: number;
  /** Events per layout. */
  layouts: Record<Layout, number>;
}

export function emptyTotals(): ParseTotals {
  const layouts = {} as Record<Layout, number>;
  for (const l of LAYOUTS) layouts[l] = 0;
  return { lines: 0, events: 0, skippedLines: 0, commentLines: 0, lostEvents: 0, layouts };
}

/** The layout of the file: the one every event is in, `mixed` when several, `none` without events. */
export function formatOf(totals: ParseTotals): Layout | 'mixed' | 'none' {
  const used = LAYOUTS.filter((l) => totals.layouts[l] > 0);
  if (used.length === 0) return 'none';
  return used.length === 1 ? (used[0] as Layout) : 'mixed';
}
