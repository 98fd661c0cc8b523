/**
 * The columnar trace model: every event in typed-array columns (no object per event), strings
 * interned once, a time-sorted order, and what the timeline needs derived from it: one row per
 * device in order of first appearance, each event's row and packet (skbaddr) index, and per-row
 * time-sorted indices for binary search (KernelShark's approach to millions of events).
 *
 * Derived state is built incrementally in time order, so a live capture appending in order
 * costs only the new events; an out-of-order append (several CPUs) triggers one re-sort.
 */
import { EntryExitPairs } from './entry-exit-pairs';
import { type EventBatch, type Layout, LAYOUTS, NONE } from './event-batch';
import { GrowableColumn } from './growable-column';

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

export const OTHER_ROW_LABEL = 'other';

export class TraceTable {
  readonly strings: string[] = [];
  private readonly timeUs = new GrowableColumn(Float64Array);
  private readonly eventCol = new GrowableColumn(Int32Array);
  private readonly deviceCol = new GrowableColumn(Int32Array);
  private readonly skbCol = new GrowableColumn(Int32Array);
  private readonly lenCol = new GrowableColumn(Int32Array);
  private readonly commCol = new GrowableColumn(Int32Array);
  private readonly pidCol = new GrowableColumn(Int32Array);
  private readonly cpuCol = new GrowableColumn(Int32Array);
  private readonly lineCol = new GrowableColumn(Int32Array);
  private readonly layoutCol = new GrowableColumn(Uint8Array);
  private readonly fieldsText: string[] = [];

  /** Event indices in time order (ties keep source order). */
  private readonly order = new GrowableColumn(Uint32Array);
  private needsResort = false;

  // Derived, built over `order` up to `derivedUpTo`.
  private derivedUpTo = 0;
  private rowOfEvent = new Int32Array(0);
  private packetOfEvent = new Int32Array(0);
  private rowList: TraceRow[] = [];
  private rowByDevice = new Map<number, number>();
  private otherRow = NONE;
  private rowIndices: GrowableColumn<Uint32Array>[] = [];
  private rowTimes: GrowableColumn<Float64Array>[] = [];
  private packetBySkb = new Map<number, number>();
  private packetSkb: number[] = [];
  private lastRowOfPacket: number[] = [];
  private readonly pairs = new EntryExitPairs();

  /** Bumped on every change, so views can tell whether what they drew is stale. */
  revision = 0;

  get count(): number {
    return this.timeUs.length;
  }

  append(batch: EventBatch): void {
    for (const s of batch.newStrings) this.strings.push(s);
    if (batch.count === 0) return;
    const first = this.count;
    this.timeUs.pushAll(batch.timeUs);
    this.eventCol.pushAll(batch.event);
    this.deviceCol.pushAll(batch.device);
    this.skbCol.pushAll(batch.skbaddr);
    this.lenCol.pushAll(batch.len);
    this.commCol.pushAll(batch.comm);
    this.pidCol.pushAll(batch.pid);
    this.cpuCol.pushAll(batch.cpu);
    this.lineCol.pushAll(batch.line);
    this.layoutCol.pushAll(batch.layout);
    for (const f of batch.fieldsText) this.fieldsText.push(f);

    let last = this.order.length > 0 ? this.timeUs.get(this.order.get(this.order.length - 1)) : -Infinity;
    for (let i = first; i < this.count; i++) {
      const t = this.timeUs.get(i);
      if (t < last) this.needsResort = true;
      else last = t;
      this.order.push(i);
    }
    this.revision++;
  }

  // ---- plain columns, by event index ----

  time(e: number): number {
    return this.timeUs.get(e);
  }
  eventName(e: number): string {
    return this.str(this.eventCol.get(e)) ?? '';
  }
  device(e: number): string | null {
    return this.str(this.deviceCol.get(e));
  }
  skbaddr(e: number): string | null {
    return this.str(this.skbCol.get(e));
  }
  len(e: number): number | null {
    return nullIfNone(this.lenCol.get(e));
  }
  comm(e: number): string | null {
    return this.str(this.commCol.get(e));
  }
  pid(e: number): number | null {
    return nullIfNone(this.pidCol.get(e));
  }
  cpu(e: number): number | null {
    return nullIfNone(this.cpuCol.get(e));
  }
  line(e: number): number {
    return this.lineCol.get(e);
  }
  layout(e: number): Layout {
    return LAYOUTS[this.layoutCol.get(e)] ?? 'perf-trace';
  }
  fields(e: number): string {
    return this.fieldsText[e] ?? '';
  }

  /** Layouts seen, in order of first use. */
  layoutsSeen(): Layout[] {
    const seen = new Set<number>();
    const layouts = this.layoutCol.view();
    for (let i = 0; i < layouts.length; i++) seen.add(layouts[i] as number);
    return [...seen].sort((a, b) => a - b).map((l) => LAYOUTS[l] ?? 'perf-trace');
  }

  // ---- time order and what derives from it ----

  /** The k-th event in time order. */
  sorted(k: number): number {
    this.refresh();
    return this.order.get(k);
  }

  get startUs(): number {
    return this.count === 0 ? 0 : this.time(this.sorted(0));
  }

  get endUs(): number {
    return this.count === 0 ? 0 : this.time(this.sorted(this.count - 1));
  }

  rows(): readonly TraceRow[] {
    this.refresh();
    return this.rowList;
  }

  rowOf(e: number): number {
    this.refresh();
    return this.rowOfEvent[e] as number;
  }

  /** Packet index (skbaddrs numbered in order of first appearance), or NONE. */
  packetOf(e: number): number {
    this.refresh();
    return this.packetOfEvent[e] as number;
  }

  get packetCount(): number {
    this.refresh();
    return this.packetSkb.length;
  }

  packetAddress(p: number): string {
    return this.str(this.packetSkb[p] ?? NONE) ?? '';
  }

  /** Events of one row in time order, with their times, for binary search. */
  rowEvents(r: number): { indices: Uint32Array; times: Float64Array } {
    this.refresh();
    const indices = this.rowIndices[r];
    const times = this.rowTimes[r];
    if (!indices || !times) return { indices: new Uint32Array(0), times: new Float64Array(0) };
    return { indices: indices.view(), times: times.view() };
  }

  /** Every event of a packet, in time order. */
  packetEvents(p: number): number[] {
    this.refresh();
    const out: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const e = this.order.get(k);
      if (this.packetOfEvent[e] === p) out.push(e);
    }
    return out;
  }

  summary(): TraceSummary {
    this.refresh();
    return {
      events: this.count,
      devices: this.rowList.filter((r) => r.device !== null).map((r) => r.device as string),
      skbaddrs: this.packetSkb.length,
      startUs: this.startUs,
      endUs: this.endUs,
    };
  }

  private str(i: number): string | null {
    return i === NONE ? null : (this.strings[i] ?? null);
  }

  private refresh(): void {
    if (this.needsResort) this.resort();
    if (this.derivedUpTo === this.count) return;
    this.ensureDerivedCapacity();
    for (let k = this.derivedUpTo; k < this.count; k++) this.derive(this.order.get(k));
    this.derivedUpTo = this.count;
  }

  private resort(): void {
    const n = this.count;
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const t = this.timeUs.view();
    idx.sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
    this.order.truncate(0);
    this.order.pushAll(idx);
    this.needsResort = false;
    this.resetDerived();
  }

  private resetDerived(): void {
    this.derivedUpTo = 0;
    this.rowList = [];
    this.rowByDevice.clear();
    this.otherRow = NONE;
    this.rowIndices = [];
    this.rowTimes = [];
    this.packetBySkb.clear();
    this.packetSkb = [];
    this.lastRowOfPacket = [];
    this.pairs.reset();
  }

  private ensureDerivedCapacity(): void {
    if (this.rowOfEvent.length >= this.count) return;
    const capacity = Math.max(this.count, this.rowOfEvent.length * 2);
    const rows = new Int32Array(capacity);
    rows.set(this.rowOfEvent);
    this.rowOfEvent = rows;
    const packets = new Int32Array(capacity);
    packets.set(this.packetOfEvent);
    this.packetOfEvent = packets;
  }

  private derive(e: number): void {
    const skb = this.skbCol.get(e);
    let packet = NONE;
    if (skb !== NONE) {
      packet = this.packetBySkb.get(skb) ?? NONE;
      if (packet === NONE) {
        packet = this.packetSkb.length;
        this.packetBySkb.set(skb, packet);
        this.packetSkb.push(skb);
        this.lastRowOfPacket.push(NONE);
      }
    }

    const dev = this.deviceCol.get(e);
    let row = dev === NONE ? NONE : (this.rowByDevice.get(dev) ?? this.addRow(dev));
    if (packet !== NONE && row !== NONE) this.lastRowOfPacket[packet] = row;
    // Exit and skb:* events carry no device: they belong where their packet last was.
    if (row === NONE && packet !== NONE) row = this.lastRowOfPacket[packet] ?? NONE;

    const eventString = this.eventCol.get(e);
    const thread = this.cpuCol.get(e) !== NONE ? this.cpuCol.get(e) : this.pidCol.get(e);
    const entry = this.pairs.see(eventString, this.strings[eventString] ?? '', thread, packet, row);
    if (entry && packet === NONE && dev === NONE) {
      packet = entry.packet;
      row = entry.row;
    }
    if (row === NONE) row = this.otherRowIndex();

    this.packetOfEvent[e] = packet;
    this.rowOfEvent[e] = row;
    this.rowIndices[row]?.push(e);
    this.rowTimes[row]?.push(this.timeUs.get(e));
  }

  private addRow(dev: number): number {
    const r = this.newRow({ device: this.strings[dev] ?? '', label: this.strings[dev] ?? '' });
    this.rowByDevice.set(dev, r);
    return r;
  }

  private otherRowIndex(): number {
    if (this.otherRow === NONE) this.otherRow = this.newRow({ device: null, label: OTHER_ROW_LABEL });
    return this.otherRow;
  }

  private newRow(row: TraceRow): number {
    this.rowList.push(row);
    this.rowIndices.push(new GrowableColumn(Uint32Array, 256));
    this.rowTimes.push(new GrowableColumn(Float64Array, 256));
    return this.rowList.length - 1;
  }
}

function nullIfNone(v: number): number | null {
  return v === NONE ? null : v;
}
