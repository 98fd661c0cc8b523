/**
 * The one parser: text in chunks of any size (a line may be split across chunks), columnar
 * batches out. It never throws on input: every line is an event, blank, or skipped with a reason.
 * Used by the renderer's worker, the CLI and the tests alike.
 *
 * Whole lines are encoded as UTF-8 a window at a time (one native call) and read where they lie in
 * the bytes: a fast path scans the usual event lines byte by byte and interns strings straight
 * from the bytes, so a line costs no allocation; any other line is cut out of the text and goes
 * through parseLine. Each event keeps where its line starts in the source (UTF-8 bytes, which the
 * window counts for free), so its fields can be read back when asked for instead of being kept;
 * only a drop's reason and location are kept, in the batch's drop columns.
 */
import { type EventBatch, type Layout, LAYOUTS, NONE as importedNone, type SkippedLine } from './event-batch';
import { BatchColumns } from './batch-columns';
import { DROP_EVENT, isDropEvent as importedIsDropEvent } from './drop-event';
import { forEachField } from './parse-fields';
import { type LineEvent, parseLine } from './parse-line';
import { emptyTotals, type ParseTotals } from './parse-stats';
import { parseInt32 } from './numbers';
import type { EventLines } from './event-lines';
import { KeyFields, scanKeyFields as importedScanKeyFields } from './scan-key-fields';
import { LineTails, type TailEvent } from './line-tails';
import { PERF_SCRIPT as importedPerfScript, ScannedLine, scanEventLine as importedScanEventLine, scanLineHead as importedScanLineHead } from './scan-event-line';
import { StringInterner } from './string-interner';
import { utf8Length } from './utf8-length';
import { Utf8Window, WINDOW_CHARS } from './utf8-window';

/** Real perf lines are well under 4 KiB; anything longer is not one, and must not grow memory. */
export const MAX_LINE_CHARS = 64 * 1024;
/** Skipped lines kept for the user to read; the rest are only counted. */
export const MAX_SKIPPED_KEPT = 1000;
/** Header keys kept: a header is a dozen lines, not a place to store data (each line is bounded like any). */
const MAX_METADATA_KEYS = 64;
const SKIPPED_TEXT_CHARS = 300;
const TOO_LONG = `longer than ${MAX_LINE_CHARS / 1024} KiB: not a perf line`;
/**
 * Copies of the imported bindings read for every line: run unbundled (tsx, as the benchmarks are),
 * each use of an imported binding is a read through a getter; a bundle makes these plain aliases.
 */
const NONE = importedNone;
const PERF_SCRIPT = importedPerfScript;
const scanEventLine = importedScanEventLine;
const scanLineHead = importedScanLineHead;
const scanKeyFields = importedScanKeyFields;
const isDropEvent = importedIsDropEvent;

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
  private readonly scanned = new ScannedLine();
  private readonly keyFields = new KeyFields();
  private readonly tails = new LineTails();
  private pending = '';
  private overlong = false;
  /** UTF-8 bytes before the window or line being read. */
  private nextByte = 0;
  /** Bytes of an overlong line dropped so far. */
  private droppedBytes = 0;
  private readonly window = new Utf8Window();
  /** Events per layout from the fast path, counted by index (added into the totals when asked). */
  private readonly fastLayouts = new Uint32Array(LAYOUTS.length);

  private readonly columns = new BatchColumns();

  /**
   * `lines`, when given, keeps each event's line by number for in-process readers, who then need
   * no byte offsets: those are not counted (all 0). The renderer's worker reads lines back from the
   * source by offset instead.
   */
  constructor(private readonly lines: EventLines | null = null) {}

  push(text: string): void {
    let pos = 0;
    if (this.overlong || this.pending !== '') {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.keepPartial(text, 0);
        return;
      }
      if (this.overlong) {
        this.overlong = false;
        this.droppedBytes += this.bytes(text, 0, nl);
        this.overlongLine();
      } else {
        const line = this.pending + text.slice(0, nl + 1);
        this.pending = '';
        this.readLines(line, 0, line.length);
      }
      pos = nl + 1;
    }
    const last = text.lastIndexOf('\n');
    if (last >= pos) {
      this.readLines(text, pos, last + 1);
      pos = last + 1;
    }
    this.keepPartial(text, pos);
  }

  /** The text has ended: the last line counts even without a newline. */
  end(): void {
    if (this.overlong) {
      this.overlong = false;
      this.overlongLine();
    } else if (this.pending !== '') {
      const line = `${this.pending}\n`;
      this.pending = '';
      this.readLines(line, 0, line.length);
    }
  }

  /** Events parsed since the last call, or null when there are none and no new strings. */
  takeBatch(): EventBatch | null {
    const newStrings = this.strings.takeNew();
    if (this.columns.count === 0 && newStrings.length === 0) return null;
    return this.columns.take(newStrings);
  }

  stats(): ParseTotals {
    const layouts = { ...this.totals.layouts };
    LAYOUTS.forEach((l, i) => (layouts[l] += this.fastLayouts[i] ?? 0));
    return { ...this.totals, layouts };
  }

  private keepPartial(text: string, pos: number): void {
    if (pos >= text.length) return;
    if (this.overlong) {
      this.droppedBytes += this.bytes(text, pos, text.length);
    } else if (this.pending.length + (text.length - pos) > MAX_LINE_CHARS) {
      this.droppedBytes = this.bytes(this.pending, 0, this.pending.length) + this.bytes(text, pos, text.length);
      this.pending = '';
      this.overlong = true;
    } else {
      this.pending += text.slice(pos);
    }
  }

  /** UTF-8 length of text[start, end), or 0 where offsets are not counted. */
  private bytes(text: string, start: number, end: number): number {
    return this.lines ? 0 : utf8Length(text, start, end);
  }

  private overlongLine(): void {
    this.tooLong(this.droppedBytes, '');
    this.droppedBytes = 0;
  }

  /** A line too long to be a perf line, `bytes` long in UTF-8; `shown` is its start. */
  private tooLong(bytes: number, shown: string): void {
    const lineNo = ++this.totals.lines;
    if (!this.lines) this.nextByte += bytes + 1;
    this.skip(lineNo, TOO_LONG, shown);
  }

  /** `text[from, to)`: whole lines, each ending in a newline, read a window at a time. */
  private readLines(text: string, from: number, to: number): void {
    while (from < to) {
      let stop = to;
      if (to - from > WINDOW_CHARS) {
        stop = text.lastIndexOf('\n', from + WINDOW_CHARS - 1) + 1;
        if (stop <= from) {
          // A line longer than a window is longer than any perf line.
          const nl = text.indexOf('\n', from + WINDOW_CHARS);
          this.tooLong(this.bytes(text, from, nl), text.slice(from, from + SKIPPED_TEXT_CHARS + 1));
          from = nl + 1;
          continue;
        }
      }
      this.readWindow(text, from, stop);
      from = stop;
    }
  }

  private readWindow(text: string, from: number, to: number): void {
    const w = this.window;
    w.load(text, from, to);
    const base = this.nextByte;
    for (let start = 0; start < w.length; ) {
      const nl = w.lineEnd(start);
      this.readLine(w, start, nl, this.lines ? 0 : base + start);
      start = nl + 1;
    }
    w.release();
    if (!this.lines) this.nextByte = base + w.length;
  }

  /** One line of the window, bytes `[start, end)` without its newline, starting at byte `offset` of the source. */
  private readLine(w: Utf8Window, start: number, end: number, offset: number): void {
    const lineNo = ++this.totals.lines;
    if (end - start > MAX_LINE_CHARS && w.chars(start, end) > MAX_LINE_CHARS) {
      this.skip(lineNo, TOO_LONG, w.slice(start, end).slice(0, SKIPPED_TEXT_CHARS + 1));
      return;
    }
    const bytes = w.bytes;
    const last = end > start && bytes[end - 1] === 13 ? end - 1 : end;
    const events = this.totals.events;
    if (!this.readFast(bytes, start, last, lineNo, offset)) this.readSlowly(w.slice(start, last), lineNo, offset);
    if (this.lines && this.totals.events > events) this.lines.add(lineNo, w.slice(start, last));
  }

  /** The fast path: the event of `bytes[start, end)`, from a tail seen before or from the bytes; false when the line needs the slow path. */
  private readFast(bytes: Uint8Array, start: number, end: number, lineNo: number, offset: number): boolean {
    const sc = this.scanned;
    const tailStart = scanLineHead(bytes, start, end, sc);
    const tail = this.tails.find(bytes, tailStart, end);
    if (tail !== null) {
      this.addRemembered(tail, tailStart, lineNo, offset);
      return true;
    }
    return scanEventLine(bytes, start, end, sc) && this.addScanned(bytes, end, lineNo, offset);
  }

  /** The event of a line whose tail, from `tailStart`, was read before and gave `tail`. */
  private addRemembered(tail: TailEvent, tailStart: number, lineNo: number, offset: number): void {
    const sc = this.scanned;
    const perfScript = tail.layout === PERF_SCRIPT;
    // perf script's comm, pid and CPU come before its tail, read with the time.
    const comm = perfScript ? this.strings.internBytes(this.window.bytes, sc.commStart, sc.commEnd, false) : tail.comm;
    const i = this.addColumns(tail.event, tail.device, tail.skbaddr, tail.len, comm, perfScript ? sc.pid : tail.pid, perfScript ? sc.cpu : NONE, tail.layout, lineNo, offset);
    if (tail.drop) this.addScannedDrop(i, tail.layout, tailStart + tail.fieldsStart, tailStart + tail.fieldsEnd);
  }

  /** The fast path's event, scanned from `bytes` up to `end`; false when its fields need the slow path. */
  private addScanned(bytes: Uint8Array, end: number, lineNo: number, offset: number): boolean {
    const sc = this.scanned;
    const kf = this.keyFields;
    // `name` is the device in net: events only; other subsystems use it for other things.
    const at = sc.eventStart;
    const nameIsDevice = bytes[at] === 110 && bytes[at + 1] === 101 && bytes[at + 2] === 116 && bytes[at + 3] === 58;
    if (!scanKeyFields(bytes, sc.fieldsStart, sc.fieldsEnd, sc.layout, nameIsDevice, kf)) return false;
    const strings = this.strings;
    // Interned in the order the fields are printed, then event and comm, as the slow path does.
    let device = NONE;
    let skbaddr = NONE;
    const devFirst = kf.devStart !== NONE && (kf.skbStart === NONE || kf.devStart < kf.skbStart);
    if (devFirst) device = strings.internBytes(bytes, kf.devStart, kf.devEnd, false);
    if (kf.skbStart !== NONE) skbaddr = strings.internBytes(bytes, kf.skbStart, kf.skbEnd, true);
    if (!devFirst && kf.devStart !== NONE) device = strings.internBytes(bytes, kf.devStart, kf.devEnd, false);
    const event = strings.internBytes(bytes, sc.eventStart, sc.eventEnd, false);
    const comm = sc.commStart === NONE ? NONE : strings.internBytes(bytes, sc.commStart, sc.commEnd, false);
    const i = this.addColumns(event, device, skbaddr, kf.len, comm, sc.pid, sc.cpu, sc.layout, lineNo, offset);
    const drop = isDropEvent(bytes, sc.eventStart, sc.eventEnd);
    if (drop) this.addScannedDrop(i, sc.layout, sc.fieldsStart, sc.fieldsEnd);
    const tail = sc.tailStart;
    if (this.tails.awaits(bytes, tail, end)) {
      const fieldsStart = sc.fieldsStart - tail;
      const fieldsEnd = sc.fieldsEnd - tail;
      this.tails.remember({ layout: sc.layout, pid: sc.pid, comm, event, device, skbaddr, len: kf.len, fieldsStart, fieldsEnd, drop });
    }
    return true;
  }

  /** Adds an event read on the fast path to the batch; returns its index there. */
  private addColumns(event: number, device: number, skbaddr: number, len: number, comm: number, pid: number, cpu: number, layout: number, lineNo: number, offset: number): number {
    const c = this.columns;
    const i = c.next();
    c.timeUs[i] = this.scanned.timeUs;
    c.event[i] = event;
    c.device[i] = device;
    c.skbaddr[i] = skbaddr;
    c.len[i] = len;
    c.comm[i] = comm;
    c.pid[i] = pid;
    c.cpu[i] = cpu;
    c.line[i] = lineNo;
    c.offset[i] = offset;
    c.layout[i] = layout;
    this.totals.events++;
    this.fastLayouts[layout] = (this.fastLayouts[layout] as number) + 1;
    return i;
  }

  /** Event `i`, read on the fast path, is a drop, whose fields are `[fieldsStart, fieldsEnd)` of the window. */
  private addScannedDrop(i: number, layout: number, fieldsStart: number, fieldsEnd: number): void {
    // As parseLine cuts them: it trims perf script's fields of all white space, where the scan trims blanks.
    const fields = this.window.slice(fieldsStart, fieldsEnd);
    this.addDrop(i, LAYOUTS[layout] as Layout, layout === PERF_SCRIPT ? fields.trim() : fields);
  }

  private readSlowly(line: string, lineNo: number, offset: number): void {
    const result = parseLine(line);
    switch (result.kind) {
      case 'event':
        this.addEvent(result, lineNo, offset);
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

  private addEvent(e: LineEvent, lineNo: number, offset: number): void {
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
    const event = this.strings.intern(e.event);
    const comm = e.comm === null ? NONE : this.strings.intern(e.comm);
    const c = this.columns;
    const i = c.next();
    c.timeUs[i] = e.timeUs;
    c.event[i] = event;
    c.device[i] = device;
    c.skbaddr[i] = skbaddr;
    c.len[i] = len;
    c.comm[i] = comm;
    c.pid[i] = e.pid ?? NONE;
    c.cpu[i] = e.cpu ?? NONE;
    c.line[i] = lineNo;
    c.offset[i] = offset;
    c.layout[i] = LAYOUTS.indexOf(e.layout);
    if (e.event === DROP_EVENT) this.addDrop(i, e.layout, e.fields);
    this.totals.events++;
    this.totals.layouts[e.layout]++;
  }

  /**
   * Event `i` of the batch is a drop: its reason and location, as forEachField reads them (the
   * last of each wins, as in parseFields), are kept. A second walk of its fields, for drops only.
   */
  private addDrop(i: number, layout: Layout, fields: string): void {
    let reason = NONE;
    let location = NONE;
    forEachField(layout, fields, (key, value) => {
      if (key === 'reason') reason = this.strings.intern(value);
      else if (key === 'location') location = this.strings.intern(value);
    });
    this.columns.addDrop(i, reason, location);
  }

  private skip(line: number, reason: string, text: string): void {
    this.totals.skippedLines++;
    if (this.skipped.length < MAX_SKIPPED_KEPT) {
      const shown = text.length > SKIPPED_TEXT_CHARS ? `${text.slice(0, SKIPPED_TEXT_CHARS)}…` : text;
      this.skipped.push({ line, reason, text: shown });
    }
  }
}
