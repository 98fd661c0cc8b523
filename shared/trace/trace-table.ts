/**
 * The columnar trace model: every event in typed-array columns (no object per event), strings
 * interned once, and what the timeline needs derived from it: one row per device in order of first
 * appearance in time, each event's row and packet (skbaddr) index, per-row time-sorted indices for
 * binary search through the time column (KernelShark's approach to millions of events, without a
 * second copy of the times), and per-packet chains with counts, so a packet's events and the
 * packets' sizes never need a pass over the whole trace.
 *
 * Derived state is built in time order as events arrive, so appending costs only the new events:
 * perf prints CPUs slightly out of step, so the newest REORDER_US of trace time waits (as perf's
 * own ordered events do) and is sorted into place before it is derived; settle() derives the rest
 * once the text has ended or paused. An event later than that is placed into its row by insertion.
 * An event's device and skbaddr are its row's and packet's, so they are not stored again, and its
 * fields stay in the source: `offset` says where its line is, to read back when shown. Drops are the
 * exception: every one is named by its reason and location, so those two are kept, for drops only.
 */
import { EntryExitPairs } from './entry-exit-pairs';
import { type EventBatch, type Layout, LAYOUTS, NONE } from './event-batch';
import { GrowableColumn } from './growable-column';
import { LineNumbers } from './line-numbers';
import { SmallIntColumn } from './small-int-column';
import { lowerBound, rowUpperBound } from './sorted-search';
import { ThreadContexts } from './thread-contexts';
import { parseLine } from './parse-line';
import type { RowTimes } from './row-times';

export interface TraceRow {
  /** Device name, or null for the row of events whose device is unknown. */
  device: string | null;
  label: string;
}

export interface TraceSummary {
  events: number;
  devices: string[];
  skbaddrs: number;
  startUs: number;
  endUs: number;
}

/** Reads back an event's line (at a byte offset of the source, and with a line number), for readers that hold the text. */
export interface LineSource {
  lineAt(offset: number, lineNo: number): string;
}

/** A drop's reason and location as perf printed them, or null where it printed none. */
export interface PrintedDrop {
  reason: string | null;
  location: string | null;
}

export const OTHER_ROW_LABEL = 'other';

/** Flag bits beside the layout (bits 0–1): whether the event printed a device, an skbaddr. */
const OWN_DEVICE = 4;
const OWN_SKB = 8;
const LAYOUT_MASK = 3;
/** Trace time held back for events printed out of order to catch up before deriving. */
const REORDER_US = 1000;
/**
 * An event this far (in events) behind its row's newest is placed by insertion; further, the row
 * is re-sorted when next read. `perf trace -a` prints a busy CPU's events up to a second or more
 * late: re-sorting a row of a million events at every screen update left a live capture behind.
 */
const MAX_INSERT_SHIFT = 1 << 16;
const OFFSET_WRAP = 2 ** 32;

export interface TraceTableOptions {
  /**
   * Keep the times and the rows' event indices in SharedArrayBuffers, for a worker to bin from
   * (only where the page is cross-origin isolated).
   */
  sharedMemory?: boolean;
  /**
   * How much of a growing column's next buffer is readied an append (see growAhead). The default,
   * 4 MiB, is about 10 ms of first writes on a slow VM.
   */
  growStepBytes?: number;
}

export class TraceTable {
  readonly strings: string[] = [];
  private readonly sharedMemory: boolean;
  private readonly growStepBytes: number;
  private readonly timeUs: GrowableColumn<Float64Array>;
  /** String index of the event's tracepoint. */
  private readonly eventCol = new SmallIntColumn();
  private readonly lenCol = new SmallIntColumn();
  /** Command, pid and CPU as one number (few distinct ones per capture). */
  private readonly contextCol = new GrowableColumn(Int32Array);
  private readonly contexts = new ThreadContexts();
  private readonly lines = new LineNumbers();
  /** The low 32 bits of each line's byte offset; `offsetWraps` lists the events where another 4 GiB began. */
  private readonly offsetCol = new GrowableColumn(Uint32Array);
  private readonly offsetWraps: number[] = [];
  private readonly flagsCol = new GrowableColumn(Uint8Array);
  /** Each event's row by creation id (rows are shown in order of first time: see rowRank). */
  private readonly rowCol = new GrowableColumn(Uint16Array);
  private readonly packetCol = new GrowableColumn(Int32Array);
  /** The packet's next event in arrival order, or NONE. */
  private readonly nextInPacket = new GrowableColumn(Int32Array);
  /** The drop events, ascending, and their reason and location strings (or NONE): see dropFields. */
  private readonly dropEventCol = new GrowableColumn(Uint32Array);
  private readonly dropReasonCol = new GrowableColumn(Int32Array);
  private readonly dropLocationCol = new GrowableColumn(Int32Array);

  private rowList: TraceRow[] = [];
  private rowFirstUs: number[] = [];
  private rowIndices: GrowableColumn<Uint32Array>[] = [];
  private rowUnsorted: boolean[] = [];
  /** Rows in the order shown (by first time), as creation ids; and each creation id's place in it. */
  private shownOrder: number[] = [];
  private rowRank: number[] = [];
  private shownRows: TraceRow[] = [];
  /** Rows were added or a first time moved: ranked again when next read, not per batch. */
  private rowsMoved = false;
  private rowsVersion = 0;
  private rowOfString = new Int32Array(0);
  private otherRow = NONE;

  private packetOfString = new Int32Array(0);
  private packetSkb: number[] = [];
  private lastRowOfPacket: number[] = [];
  private firstOfPacket = new GrowableColumn(Int32Array);
  private lastOfPacket = new GrowableColumn(Int32Array);
  private eventsOfPacket = new GrowableColumn(Int32Array);

  private readonly pairs = new EntryExitPairs();
  private minUs = Infinity;
  private maxUs = -Infinity;
  private layoutsUsed = 0;
  private lastOffset = 0;
  private source: LineSource | null = null;
  private order: Uint32Array | null = null;
  /** Events not derived yet, with the skbaddr and device strings their derivation needs. */
  private pendingEvents = new GrowableColumn(Uint32Array);
  private pendingSkb = new GrowableColumn(Int32Array);
  private pendingDev = new GrowableColumn(Int32Array);

  /** Bumped on every change, so views can tell whether what they drew is stale. */
  revision = 0;
  private rowTimesCache: RowTimes | null = null;
  /** What compactStep() has still to do, once it has begun: each step is true once done. */
  private compactionSteps: (() => boolean)[] | null = null;

  /** The columns with a value for every event, which grow together. */
  private readonly perEventColumns: readonly { readonly capacity: number; reserve(needed: number): void; prepareStep(bytes: number): boolean; trimStep(bytes: number): boolean }[];

  constructor(options: TraceTableOptions = {}) {
    this.sharedMemory = options.sharedMemory ?? false;
    this.growStepBytes = options.growStepBytes ?? 4 * 1024 * 1024;
    this.timeUs = new GrowableColumn(Float64Array, 64, this.sharedMemory);
    this.perEventColumns = [this.timeUs, this.eventCol, this.lenCol, this.contextCol, this.offsetCol, this.flagsCol, this.rowCol, this.packetCol, this.nextInPacket];
  }

  /** Changes when rows are added or reordered, so the timeline knows to redo its groups. */
  get rowsRevision(): number {
    this.rankRows();
    return this.rowsVersion;
  }

  get count(): number {
    return this.timeUs.length;
  }

  /** Events whose row and packet are known: all of them once settle() has run. */
  get derivedCount(): number {
    return this.count - this.pendingEvents.length;
  }

  append(batch: EventBatch): void {
    for (const s of batch.newStrings) this.strings.push(s);
    if (batch.count === 0) return;
    this.ensureStringCapacity();
    this.growAhead(this.count + batch.count);
    const first = this.count;
    // Columns the batch already has as they are kept: copied whole.
    this.timeUs.pushAll(batch.timeUs);
    this.eventCol.pushAll(batch.event);
    this.lenCol.pushAll(batch.len);
    this.lines.append(first, batch.line);
    for (let k = 0; k < batch.dropEvent.length; k++) this.dropEventCol.push(first + (batch.dropEvent[k] as number));
    this.dropReasonCol.pushAll(batch.dropReason);
    this.dropLocationCol.pushAll(batch.dropLocation);
    this.addPlain(batch, first);
    this.derivePending(false);
    this.order = null;
    this.revision++;
  }

  /**
   * Readies one column's larger buffer a few MB an append, from when the trace is two thirds of
   * the way to filling it, and moves the column there once ready. Left until full, every column
   * doubled in the same append (a quarter of a second at two million events); one column doubling
   * at once, with its memory written for the first time, still took 0.3 s at four million.
   */
  private growAhead(count: number): void {
    const soon = count + (count >> 1);
    const column = this.perEventColumns.find((c) => c.capacity < soon);
    if (column?.prepareStep(this.growStepBytes)) column.reserve(column.capacity + 1);
  }

  /** The text has ended, or paused: what was held back for reordering is derived now. */
  settle(): void {
    if (this.pendingEvents.length === 0) return;
    this.derivePending(true);
    this.revision++;
  }

  /** Where a finished trace's text is, so fields() can read lines back (in-process readers). */
  attachSource(source: LineSource): void {
    this.source = source;
  }

  /** A trace that is whole gives back the room its columns kept for growing. */
  compact(): void {
    while (this.compactStep());
  }

  /**
   * Gives back a few MB of one column's spare room (see GrowableColumn.trimStep); false once
   * nothing is left to give back. A window runs the steps a task apart, so compacting millions of
   * events never holds it for long. The table reads the same throughout.
   */
  compactStep(): boolean {
    this.compactionSteps ??= [
      ...[...this.perEventColumns, ...this.rowIndices, this.dropEventCol, this.dropReasonCol, this.dropLocationCol].map((col) => () => col.trimStep(this.growStepBytes)),
      () => {
        this.lines.trim();
        // Settled, so empty: the room they grew to while holding back events is not needed again.
        for (const col of [this.pendingEvents, this.pendingSkb, this.pendingDev]) col.trim();
        return true;
      },
    ];
    const step = this.compactionSteps[0];
    if (!step) {
      this.compactionSteps = null;
      return false;
    }
    if (step()) {
      this.compactionSteps.shift();
      // A column may have moved to a smaller buffer: readers holding views of the old one take new views.
      this.revision++;
    }
    return true;
  }

  // ---- plain columns, by event index ----

  time(e: number): number {
    return this.timeUs.get(e);
  }
  /** Every event's time by index, for searches that read many (a view, valid until the next append). */
  timeColumn(): Float64Array {
    return this.timeUs.view();
  }
  eventName(e: number): string {
    return this.str(this.eventCol.get(e)) ?? '';
  }
  device(e: number): string | null {
    return this.flagsCol.get(e) & OWN_DEVICE ? (this.rowList[this.rowCol.get(e)]?.device ?? null) : null;
  }
  skbaddr(e: number): string | null {
    return this.flagsCol.get(e) & OWN_SKB ? this.packetAddress(this.packetCol.get(e)) : null;
  }
  len(e: number): number | null {
    return nullIfNone(this.lenCol.get(e));
  }
  comm(e: number): string | null {
    return this.str(this.contexts.comm(this.contextCol.get(e)));
  }
  pid(e: number): number | null {
    return nullIfNone(this.contexts.pid(this.contextCol.get(e)));
  }
  cpu(e: number): number | null {
    return nullIfNone(this.contexts.cpu(this.contextCol.get(e)));
  }
  line(e: number): number {
    return this.lines.lineOf(e);
  }
  layout(e: number): Layout {
    return LAYOUTS[this.flagsCol.get(e) & LAYOUT_MASK] ?? 'perf-trace';
  }
  /** Where the event's line starts in the source, in UTF-8 bytes. */
  offset(e: number): number {
    let wraps = 0;
    while (wraps < this.offsetWraps.length && (this.offsetWraps[wraps] as number) <= e) wraps++;
    return wraps * OFFSET_WRAP + this.offsetCol.get(e);
  }
  /** The event's fields as printed, read back from the attached source ('' without one). */
  fields(e: number): string {
    return this.source ? fieldsOfLine(this.source.lineAt(this.offset(e), this.line(e))) : '';
  }

  /** A drop's (skb:kfree_skb's) reason and location as printed; both null for any other event. */
  dropFields(e: number): PrintedDrop {
    // Drops are kept in event order: a binary search finds e's.
    const events = this.dropEventCol.view();
    const lo = lowerBound(events, e);
    if (lo === events.length || events[lo] !== e) return { reason: null, location: null };
    return { reason: this.str(this.dropReasonCol.get(lo)), location: this.str(this.dropLocationCol.get(lo)) };
  }

  /** Layouts seen, in LAYOUTS order. */
  layoutsSeen(): Layout[] {
    return LAYOUTS.filter((_, i) => this.layoutsUsed & (1 << i));
  }

  // ---- time order and what derives from it ----

  /** The k-th event in time order (ties in source order). Sorts once per change: for tests and tools, not per frame. */
  sorted(k: number): number {
    if (!this.order || this.order.length !== this.count) {
      const t = this.timeUs.view();
      const order = new Uint32Array(this.count);
      for (let i = 0; i < order.length; i++) order[i] = i;
      this.order = order.sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
    }
    return this.order[k] as number;
  }

  get startUs(): number {
    return this.count === 0 ? 0 : this.minUs;
  }

  get endUs(): number {
    return this.count === 0 ? 0 : this.maxUs;
  }

  rows(): readonly TraceRow[] {
    this.rankRows();
    return this.shownRows;
  }

  rowOf(e: number): number {
    this.rankRows();
    return this.rowRank[this.rowCol.get(e)] as number;
  }

  /** Packet index (skbaddrs numbered in order of first appearance), or NONE. */
  packetOf(e: number): number {
    return this.packetCol.get(e);
  }

  get packetCount(): number {
    return this.packetSkb.length;
  }

  packetAddress(p: number): string {
    return this.str(this.packetSkb[p] ?? NONE) ?? '';
  }

  /** How many events a packet has. */
  packetEventCount(p: number): number {
    return p >= 0 && p < this.eventsOfPacket.length ? this.eventsOfPacket.get(p) : 0;
  }

  /** Indices of one row's events in time order (ties in source order), to binary-search by timeColumn(). */
  rowEvents(r: number): Uint32Array {
    this.rankRows();
    const id = this.shownOrder[r];
    const indices = id === undefined ? undefined : this.rowIndices[id];
    if (id === undefined || !indices) return new Uint32Array(0);
    if (this.rowUnsorted[id]) this.sortRow(id);
    return indices.view();
  }

  /** The times and every shown row's events, for binning: one object per revision. */
  rowTimes(): RowTimes {
    if (this.rowTimesCache?.revision !== this.revision) {
      const rows = this.rows().map((_, r) => this.rowEvents(r));
      this.rowTimesCache = { revision: this.revision, times: this.timeColumn(), rows };
    }
    return this.rowTimesCache;
  }

  /** Every event of a packet, in time order: its own chain, never a pass over the trace. */
  packetEvents(p: number): number[] {
    const out: number[] = [];
    if (p < 0 || p >= this.firstOfPacket.length) return out;
    for (let e = this.firstOfPacket.get(p); e !== NONE; e = this.nextInPacket.get(e)) out.push(e);
    const t = this.timeUs.view();
    return out.sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
  }

  summary(): TraceSummary {
    this.rankRows();
    return {
      events: this.count,
      devices: this.shownRows.filter((r) => r.device !== null).map((r) => r.device as string),
      skbaddrs: this.packetSkb.length,
      startUs: this.startUs,
      endUs: this.endUs,
    };
  }

  private str(i: number): string | null {
    return i === NONE ? null : (this.strings[i] ?? null);
  }

  /** The columns that need no derivation, and the batch's events queued to be derived. */
  private addPlain(b: EventBatch, first: number): void {
    const n = b.count;
    const contextOut = this.contextCol.reserveRaw(n);
    const offsetOut = this.offsetCol.reserveRaw(n);
    const flagsOut = this.flagsCol.reserveRaw(n);
    const pending = this.pendingEvents.reserveRaw(n);
    const pendingSkb = this.pendingSkb.reserveRaw(n);
    const pendingDev = this.pendingDev.reserveRaw(n);
    let p = this.pendingEvents.length;
    for (let i = 0; i < n; i++) {
      const e = first + i;
      const t = b.timeUs[i] as number;
      const cpu = b.cpu[i] as number;
      const layout = b.layout[i] as number;
      const skb = b.skbaddr[i] as number;
      const dev = b.device[i] as number;
      this.layoutsUsed |= 1 << layout;
      contextOut[e] = this.contexts.idOf(b.comm[i] as number, b.pid[i] as number, cpu >= -1 && cpu <= 0x7fff ? cpu : NONE);
      offsetOut[e] = this.offsetLow(e, b.offset[i] as number);
      flagsOut[e] = layout | (dev !== NONE ? OWN_DEVICE : 0) | (skb !== NONE ? OWN_SKB : 0);
      pending[p] = e;
      pendingSkb[p] = skb;
      pendingDev[p] = dev;
      p++;
      if (t < this.minUs) this.minUs = t;
      if (t > this.maxUs) this.maxUs = t;
    }
    for (const col of [this.contextCol, this.offsetCol, this.flagsCol]) col.setLength(first + n);
    for (const col of [this.pendingEvents, this.pendingSkb, this.pendingDev]) col.setLength(p);
    for (const col of [this.rowCol, this.packetCol, this.nextInPacket]) {
      col.reserveRaw(n);
      col.setLength(first + n);
    }
  }

  /** Sorts the waiting events into time order and derives those older than the reorder window (all when final). */
  private derivePending(final: boolean): void {
    const pending = this.pendingEvents.view();
    const skbs = this.pendingSkb.view();
    const devs = this.pendingDev.view();
    const t = this.timeUs.view();
    sortByTime(pending, skbs, devs, t);
    let ready = pending.length;
    if (!final) {
      const cut = this.maxUs - REORDER_US;
      ready = 0;
      while (ready < pending.length && (t[pending[ready] as number] as number) <= cut) ready++;
    }
    const rowOut = this.rowCol.reserveRaw(0);
    const packetOut = this.packetCol.reserveRaw(0);
    const nextOut = this.nextInPacket.reserveRaw(0);
    for (let k = 0; k < ready; k++) this.derive(pending[k] as number, skbs[k] as number, devs[k] as number, rowOut, packetOut, nextOut);
    pending.copyWithin(0, ready);
    skbs.copyWithin(0, ready);
    devs.copyWithin(0, ready);
    for (const col of [this.pendingEvents, this.pendingSkb, this.pendingDev]) col.setLength(pending.length - ready);
  }

  /** Row, packet and entry/exit pairing of event e, in time order. */
  private derive(e: number, skb: number, dev: number, rowOut: Uint16Array, packetOut: Int32Array, nextOut: Int32Array): void {
    const t = this.timeUs.get(e);
    const eventString = this.eventCol.get(e);
    const context = this.contextCol.get(e);
    const cpu = this.contexts.cpu(context);
    let packet = NONE;
    if (skb !== NONE) {
      packet = this.packetOfString[skb] as number;
      if (packet === NONE) packet = this.newPacket(skb);
    }
    let row = dev === NONE ? NONE : this.rowOfString[dev] === NONE ? this.newRow(dev) : (this.rowOfString[dev] as number);
    if (packet !== NONE && row !== NONE) this.lastRowOfPacket[packet] = row;
    // Exit and skb:* events carry no device: they belong where their packet last was.
    if (row === NONE && packet !== NONE) row = this.lastRowOfPacket[packet] ?? NONE;
    const thread = cpu !== NONE ? cpu : this.contexts.pid(context);
    const entry = this.pairs.see(eventString, this.strings[eventString] ?? '', thread, packet, row);
    if (entry && packet === NONE && dev === NONE) {
      packet = entry.packet;
      row = entry.row;
    }
    if (row === NONE) row = this.otherRowIndex();
    rowOut[e] = row;
    packetOut[e] = packet;
    nextOut[e] = NONE;
    if (packet !== NONE) this.chain(packet, e, nextOut);
    this.placeInRow(row, e, t);
    if (t < (this.rowFirstUs[row] as number)) {
      this.rowFirstUs[row] = t;
      this.rowsMoved = true;
    }
  }

  /** The offset's low 32 bits; offsets grow with the event index, so each new 4 GiB is noted once. */
  private offsetLow(e: number, offset: number): number {
    if (Math.floor(offset / OFFSET_WRAP) > Math.floor(this.lastOffset / OFFSET_WRAP)) this.offsetWraps.push(e);
    this.lastOffset = offset;
    return offset % OFFSET_WRAP;
  }

  private chain(packet: number, e: number, next: Int32Array): void {
    const last = this.lastOfPacket.get(packet);
    if (last === NONE) this.firstOfPacket.set(packet, e);
    else next[last] = e;
    this.lastOfPacket.set(packet, e);
    this.eventsOfPacket.set(packet, this.eventsOfPacket.get(packet) + 1);
  }

  /** Keeps the row's indices in time order; CPUs slightly out of step cost a short insertion. */
  private placeInRow(row: number, e: number, t: number): void {
    const indices = this.rowIndices[row] as GrowableColumn<Uint32Array>;
    const time = this.timeUs;
    const n = indices.length;
    if (n === 0 || this.rowUnsorted[row] || t >= time.get(indices.get(n - 1))) {
      indices.push(e);
      return;
    }
    const reach = Math.max(0, n - MAX_INSERT_SHIFT);
    if (time.get(indices.get(reach)) > t) {
      indices.push(e);
      this.rowUnsorted[row] = true;
      return;
    }
    // After the last event at or before t, so ties stay in index order.
    indices.insert(rowUpperBound(indices.view(), time.view(), t, reach), e);
  }

  private sortRow(id: number): void {
    const indices = this.rowIndices[id] as GrowableColumn<Uint32Array>;
    const t = this.timeUs.view();
    indices.view().sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
    this.rowUnsorted[id] = false;
  }

  private ensureStringCapacity(): void {
    const n = this.strings.length;
    if (this.rowOfString.length >= n) return;
    const capacity = Math.max(n, this.rowOfString.length * 2, 64);
    this.rowOfString = grown(this.rowOfString, capacity);
    this.packetOfString = grown(this.packetOfString, capacity);
  }

  private newPacket(skb: number): number {
    const packet = this.packetSkb.length;
    this.packetOfString[skb] = packet;
    this.packetSkb.push(skb);
    this.lastRowOfPacket.push(NONE);
    this.firstOfPacket.push(NONE);
    this.lastOfPacket.push(NONE);
    this.eventsOfPacket.push(0);
    return packet;
  }

  private newRow(dev: number): number {
    const r = this.addRow({ device: this.strings[dev] ?? '', label: this.strings[dev] ?? '' });
    this.rowOfString[dev] = r;
    return r;
  }

  private otherRowIndex(): number {
    if (this.otherRow === NONE) this.otherRow = this.addRow({ device: null, label: OTHER_ROW_LABEL });
    return this.otherRow;
  }

  private addRow(row: TraceRow): number {
    this.rowsMoved = true;
    this.rowList.push(row);
    this.rowFirstUs.push(Infinity);
    this.rowIndices.push(new GrowableColumn(Uint32Array, 64, this.sharedMemory));
    this.rowUnsorted.push(false);
    return this.rowList.length - 1;
  }

  /** Rows are shown in order of their first event's time (ties: the one seen first). */
  private rankRows(): void {
    if (!this.rowsMoved) return;
    this.rowsMoved = false;
    const order = this.rowList.map((_, id) => id).sort((a, b) => (this.rowFirstUs[a] as number) - (this.rowFirstUs[b] as number) || a - b);
    const same = order.length === this.shownOrder.length && order.every((id, k) => this.shownOrder[k] === id);
    if (same) return;
    this.shownOrder = order;
    this.rowRank = [];
    order.forEach((id, rank) => (this.rowRank[id] = rank));
    this.shownRows = order.map((id) => this.rowList[id] as TraceRow);
    this.rowsVersion++;
  }
}

/** The fields part of a line read back from the source. */
export function fieldsOfLine(line: string): string {
  const parsed = parseLine(line);
  return parsed.kind === 'event' ? parsed.fields : '';
}

/**
 * Sorts the waiting events by (time, index), moving their skbaddr and device along. What arrives
 * is nearly in order (CPUs a little out of step), where insertion costs about one comparison per
 * event; input far out of order (two captures pasted together) falls back to a full sort.
 */
function sortByTime(events: Uint32Array, skbs: Int32Array, devs: Int32Array, t: Float64Array): void {
  let budget = 8 * events.length + 64;
  for (let i = 1; i < events.length; i++) {
    const e = events[i] as number;
    const te = t[e] as number;
    let j = i - 1;
    if ((t[events[j] as number] as number) <= te) continue;
    const skb = skbs[i] as number;
    const dev = devs[i] as number;
    while (j >= 0 && (t[events[j] as number] as number) > te) {
      events[j + 1] = events[j] as number;
      skbs[j + 1] = skbs[j] as number;
      devs[j + 1] = devs[j] as number;
      j--;
    }
    events[j + 1] = e;
    skbs[j + 1] = skb;
    devs[j + 1] = dev;
    budget -= i - j;
    if (budget < 0) return fullSort(events, skbs, devs, t);
  }
}

function fullSort(events: Uint32Array, skbs: Int32Array, devs: Int32Array, t: Float64Array): void {
  const at = new Uint32Array(events.length);
  for (let k = 0; k < at.length; k++) at[k] = k;
  at.sort((a, b) => (t[events[a] as number] as number) - (t[events[b] as number] as number) || (events[a] as number) - (events[b] as number));
  const e = events.slice();
  const s = skbs.slice();
  const d = devs.slice();
  for (let k = 0; k < at.length; k++) {
    const from = at[k] as number;
    events[k] = e[from] as number;
    skbs[k] = s[from] as number;
    devs[k] = d[from] as number;
  }
}

function grown(a: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacity).fill(NONE);
  next.set(a);
  return next;
}

function nullIfNone(v: number): number | null {
  return v === NONE ? null : v;
}
