/**
 * A session file is a trace file whose header also says how it was being looked at: two `#` lines
 * in front of the trace text, which stays byte for byte as it was. Any perf-trace reader still
 * reads it (the lines are comments); Skbscope restores the view from them.
 *
 *   # skbscope session : 1
 *   # skbscope view : {"range":{"startUs":…,"endUs":…},"selected":{…},"hiddenRows":["eth0"],"filters":{}}
 */
import { array, integer, nullable, object, type Parsed, record, type Schema, string, union } from '../contract/schema';
import { MAX_LINE_CHARS, type TraceMetadata } from '../trace/trace-parser';

export const SESSION_FORMAT = 1;
export const SESSION_EXTENSION = 'skbscope';

const FORMAT_KEY = 'skbscope session';
const VIEW_KEY = 'skbscope view';

export interface SessionView {
  /** The visible range, in trace time (µs as the trace counts them). */
  range: { startUs: number; endUs: number };
  /**
   * The selection: an skbaddr (by its order of appearance, checked against the address), the one
   * packet (journey) at it when one was chosen, and the event in focus (by line).
   */
  selected: { packet: number; skbaddr: string; journey: number | null; line: number | null } | null;
  /** Rows hidden, by device name (`other` for the row of events tied to no device). */
  hiddenRows: string[];
  /** Filters by name: `search` is the packet search (`dev:eth0 dropped`); unknown names are kept for later versions. */
  filters: Record<string, string>;
}

/** The filter that holds the packet search. */
export const SEARCH_FILTER = 'search';

const finite: Schema<number> = {
  parse: (raw, at) =>
    typeof raw === 'number' && Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, error: `${at}: expected a number, got ${String(raw)}` },
};

const selection = {
  packet: integer(0, 2 ** 31),
  skbaddr: string({ min: 1, max: 64 }),
  line: nullable(integer(1, Number.MAX_SAFE_INTEGER)),
};

/** Sessions saved before packets were told apart select an address only: no journey. */
const selectedSchema: Schema<NonNullable<SessionView['selected']>> = {
  parse: (raw, at) => {
    const parsed = union(object({ ...selection, journey: nullable(integer(0, 2 ** 31)) }), object(selection)).parse(raw, at);
    if (!parsed.ok) return parsed;
    return { ok: true, value: { journey: null, ...parsed.value } };
  },
};

const viewSchema: Schema<SessionView> = object({
  range: object({ startUs: finite, endUs: finite }),
  selected: nullable(selectedSchema),
  hiddenRows: array(string({ min: 1, max: 256 }), 10_000),
  filters: record(string({ min: 1, max: 64 }), string({ max: 4096 }), 64),
});

/** The header lines for a view, to put in front of the trace text. */
export function sessionHeader(view: SessionView): string {
  return `# ${FORMAT_KEY} : ${SESSION_FORMAT}\n# ${VIEW_KEY} : ${JSON.stringify(view)}\n`;
}

function isSessionLine(line: string): boolean {
  return line.startsWith(`# ${FORMAT_KEY} :`) || line.startsWith(`# ${VIEW_KEY} :`);
}

/**
 * The trace text without the session lines of an earlier save (re-saving writes fresh ones in
 * front). They can only be among the leading `#` lines, so only those are looked at.
 */
export function withoutSessionLines(text: string): string {
  let pos = 0;
  let out = '';
  while (text.startsWith('#', pos)) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, end);
    if (!isSessionLine(line)) out += line;
    pos = end;
  }
  return out + text.slice(pos);
}

/**
 * The view a trace's header holds: null for a plain trace, an error in plain words for one written
 * by a newer Skbscope or damaged on the way.
 */
export function sessionView(metadata: TraceMetadata): Parsed<SessionView> | null {
  const format = metadata[FORMAT_KEY];
  if (format === undefined) return null;
  const version = Number(format);
  if (!Number.isInteger(version) || version < 1) {
    return { ok: false, error: `This session file is damaged: its format line says "${format.slice(0, 40)}", not a version number.` };
  }
  if (version > SESSION_FORMAT) {
    return {
      ok: false,
      error: `This session was saved by a newer Skbscope (session format ${version}; this one reads format ${SESSION_FORMAT}). Update Skbscope to open it.`,
    };
  }
  const text = metadata[VIEW_KEY];
  // The parser leaves out lines past MAX_LINE_CHARS; Skbscope never writes a view that long.
  if (text === undefined) return { ok: false, error: `This session file is damaged: its view line is missing, or longer than the ${MAX_LINE_CHARS / 1024} KiB a view may take.` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This session file is damaged: its view line is not complete JSON (was it cut short?).' };
  }
  const parsed = viewSchema.parse(raw, 'view');
  return parsed.ok ? parsed : { ok: false, error: `This session file is damaged: ${parsed.error}.` };
}
