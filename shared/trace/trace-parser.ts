/**
 * The one parser: text in chunks of any size (a line may be split across chunks), columnar
 * batches out. It never throws on input: every line is an event, blank, or skipped with a reason.
 * Used by the renderer's worker, the CLI and the tests alike.
 */
import { type EventBatch, LAYOUTS, NONE, type SkippedLine } from './event-batch';
import { GrowableColumn } from './growable-column';
import { forEachField } from './parse-fields';
import { type LineEvent, parseLine } from './parse-line';
import { emptyTotals, type ParseTotals } from './parse-stats';
import { parseInt32 } from './numbers';
import { StringInterner } from './string-interner';

/** Real perf lines are well under 4 KiB; anything longer is not one, and must not grow memory. */
export const MAX_LINE_CHARS = 64 * 1024;
/** Skipped lines kept for the user to read; the rest are only counted. */
export const MAX_SKIPPED_KEPT = 1000;
/** Header keys kept: a header is a dozen lines, not a place to store data (each line is bounded like any). */
const MAX_METADATA_KEYS = 64;
const SKIPPED_TEXT_CHARS = 300;

/**
 * What a file's `# key : value` header says: perf script --header's `hostname`, `os release`,
 * `perf version`, `cmdline`, `captured on`, and the same keys in Skbscope's own capture header.
 * The first value of a key wins.
 */
export type TraceMetadata = Record<string, string>;

export class TraceParser {
  readonly skipped: SkippedLine[] = [];
  readonly metadata: TraceMetadata = {};
  private readonly totals = emptyTotals();
  private readonly strings = new StringInterner();
  private pending = '';
  private overlong = false;

  private timeUs = new GrowableColumn(Float64Array);
  private event = new GrowableColumn(Int32Array);
  private device = new GrowableColumn(Int32Array);
  private skbaddr = new GrowableColumn(Int32Array);
  private len = new GrowableColumn(Int32Array);
  private comm = new GrowableColumn(Int32Array);
  private pid = new GrowableColumn(Int32Array);
  private cpu = new GrowableColumn(Int32Array);
  private line = new GrowableColumn(Int32Array);
  private layout = new GrowableColumn(Uint8Array);
  private fieldsText: string[] = [];

  push(text: string): void {
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) {
        this.keepPartial(text, pos);
        return;
      }
      if (this.overlong) {
        this.overlong = false;
        this.finishLine(null);
      } else if (this.pending !== '') {
        const line = this.pending + text.slice(pos, nl);
        this.pending = '';
        this.finishLine(line);
      } else {
        this.finishLine(text.slice(pos, nl));
      }
      pos = nl + 1;
    }
  }

  /** The text has ended: the last line counts even without a newline. */
  end(): void {
    if (this.overlong) {
      this.overlong = false;
      this.finishLine(null);
    } else if (this.pending !== '') {
      const line = this.pending;
      this.pending = '';
      this.finishLine(line);
    }
  }

  /** Events parsed since the last call, or null when there are none and no new strings. */
  takeBatch(): EventBatch | null {
    const count = this.timeUs.length;
    const newStrings = this.strings.takeNew();
    if (count === 0 && newStrings.length === 0) return null;
    const batch: EventBatch = {
      count,
      timeUs: this.timeUs.view().slice(),
      event: this.event.view().slice(),
      device: this.device.view().slice(),
      skbaddr: this.skbaddr.view().slice(),
      len: this.len.view().slice(),
      comm: this.comm.view().slice(),
      pid: this.pid.view().slice(),
      cpu: this.cpu.view().slice(),
      line: this.line.view().slice(),
      layout: this.layout.view().slice(),
      fieldsText: this.fieldsText,
      newStrings,
    };
    for (const col of [this.timeUs, this.event, this.device, this.skbaddr, this.len, this.comm, this.pid, this.cpu, this.line, this.layout]) {
      col.truncate(0);
    }
    this.fieldsText = [];
    return batch;
  }

  stats(): ParseTotals {
    return { ...this.totals, layouts: { ...this.totals.layouts } };
  }

  private keepPartial(text: string, pos: number): void {
    if (this.overlong || pos >= text.length) return;
    if (this.pending.length + (text.length - pos) > MAX_LINE_CHARS) {
      this.pending = '';
      this.overlong = true;
    } else {
      this.pending += text.slice(pos);
    }
  }

  /** `line` is null for a line that was too long to keep. */
  private finishLine(raw: string | null): void {
    const lineNo = ++this.totals.lines;
    if (raw === null || raw.length > MAX_LINE_CHARS) {
      this.skip(lineNo, `longer than ${MAX_LINE_CHARS / 1024} KiB: not a perf line`, raw ?? '');
      return;
    }
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const result = parseLine(line);
    switch (result.kind) {
      case 'event':
        this.addEvent(result, lineNo);
        return;
      case 'blank':
        return;
      case 'comment':
        this.totals.commentLines++;
        if (result.key !== null && !Object.hasOwn(this.metadata, result.key) && Object.keys(this.metadata).length < MAX_METADATA_KEYS) {
          this.metadata[result.key] = result.value;
        }
        return;
      case 'lost':
        this.totals.lostEvents += result.count;
        this.skip(lineNo, `perf lost ${result.count} events here`, line);
        return;
      case 'skip':
        this.skip(lineNo, result.reason, line);
        return;
    }
  }

  private addEvent(e: LineEvent, lineNo: number): void {
    let device = NONE;
    let skbaddr = NONE;
    let len = NONE;
    // `dev` in libtraceevent's formats; `name` in perf trace's, where other subsystems use it for other things.
    const nameIsDevice = e.event.startsWith('net:');
    forEachField(e.layout, e.fields, (key, value) => {
      if (key === 'dev' || (key === 'name' && nameIsDevice && device === NONE)) {
        if (value !== '') device = this.strings.intern(value);
      } else if (key === 'skbaddr') {
        if (value !== '') skbaddr = this.strings.intern(value.toLowerCase());
      } else if (key === 'len') {
        len = parseInt32(value) ?? NONE;
      }
    });
    this.timeUs.push(e.timeUs);
    this.event.push(this.strings.intern(e.event));
    this.device.push(device);
    this.skbaddr.push(skbaddr);
    this.len.push(len);
    this.comm.push(e.comm === null ? NONE : this.strings.intern(e.comm));
    this.pid.push(e.pid ?? NONE);
    this.cpu.push(e.cpu ?? NONE);
    this.line.push(lineNo);
    this.layout.push(LAYOUTS.indexOf(e.layout));
    this.fieldsText.push(e.fields);
    this.totals.events++;
    this.totals.layouts[e.layout]++;
  }

  private skip(line: number, reason: string, text: string): void {
    this.totals.skippedLines++;
    if (this.skipped.length < MAX_SKIPPED_KEPT) {
      const shown = text.length > SKIPPED_TEXT_CHARS ? `${text.slice(0, SKIPPED_TEXT_CHARS)}…` : text;
      this.skipped.push({ line, reason, text: shown });
    }
  }
}
