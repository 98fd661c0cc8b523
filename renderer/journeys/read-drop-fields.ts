/**
 * The window's table keeps no fields (they are read back from the text on demand), yet a drop's
 * reason and location are fields: read the lines of the drop events, once each, ahead of naming
 * the drops. Reads are sequential and bounded, so a trace of millions of drops cannot flood the
 * reader; past the bound a drop's reason stays unknown.
 */
import { parseLine } from '../../shared/trace/parse-line';
import type { TraceTable } from '../../shared/trace/trace-table';
import type { JourneyIndex } from '../../shared/journeys/journeys';
import type { TraceText } from '../loading/trace-text';

/** Drop lines read per trace at most. */
export const MAX_DROP_LINES = 20_000;

/** `known` keeps what earlier reads found (a growing capture is read again each second); it is filled in place. */
export async function readDropFields(text: TraceText, table: TraceTable, index: JourneyIndex, known: Map<number, string>): Promise<void> {
  for (const journey of index.journeys) {
    if (known.size >= MAX_DROP_LINES) break;
    if (journey.drop === null || known.has(journey.drop.event)) continue;
    const e = journey.drop.event;
    known.set(e, await fieldsAt(text, table, e));
  }
}

/** A line that cannot be read, or no longer reads as this event (the file changed), names no reason. */
async function fieldsAt(text: TraceText, table: TraceTable, e: number): Promise<string> {
  try {
    const parsed = parseLine(await text.lineAt(table.offset(e)));
    return parsed.kind === 'event' && parsed.event === table.eventName(e) && parsed.timeUs === table.time(e) ? parsed.fields : '';
  } catch {
    return '';
  }
}
