/**
 * Packets, not addresses: the kernel reuses an skb's memory for later packets, so one skbaddr's
 * events are split into journeys, one per packet. A journey ends where the packet was freed
 * (`skb:consume_skb`, `skb:kfree_skb`); without those, where the sequence starts over (the packet
 * was received, then the address is seen transmitting again, after a pause), or after a gap far
 * above the packet's own hop times.
 */
import { DROP_EVENT } from '../trace/drop-event';
import { NONE } from '../trace/event-batch';
import type { TraceTable } from '../trace/trace-table';
import { TimeOrder } from '../trace/time-order';
import { benignFree, type DropReasons, reasonName } from './drop-reasons';

export type Fate = 'delivered' | 'consumed' | 'dropped' | 'benign-free' | 'sent' | 'unknown';

export interface Drop {
  /** The skb:kfree_skb event. */
  event: number;
  /** The reason's name (NO_SOCKET), or its number where the trace has no table. */
  reason: string;
  /** Where the kernel freed it: a symbol (ping_rcv+0xab) or an address, as perf printed it. */
  location: string | null;
  /** The row the packet was on. */
  device: string | null;
  /** Why this free is the kernel working as it should, when it is one of those. */
  benign: string | null;
}

/** What every journey of one split reads: the chain through their events, and the table (for their times). */
interface JourneyColumns {
  chain: Int32Array;
  table: TraceTable;
}

/**
 * One packet. Its events are not kept as an array each (a million events make a hundred thousand
 * journeys): they are chained through one shared column, and `events` walks the chain when asked.
 * Times are read from the table, not kept: each number kept here would be a box of its own.
 */
export class Journey {
  /** Devices in the order it crossed them: docker0 → vethb3f1c2a → eth0 (shared between journeys: read only). */
  path: string[] = [];
  /** The length first seen (as the first device saw it). */
  len: number | null = null;
  fate: Fate = 'unknown';
  drop: Drop | null = null;
  /** Its first and last event; the rest follow the chain from the first. */
  first: number;
  last: number;
  /** The events either side of its slowest step, NONE while it has one event. */
  hopFrom = NONE;
  hopTo = NONE;

  constructor(
    readonly id: number,
    /** The skbaddr's packet index in the table. */
    readonly packet: number,
    private readonly columns: JourneyColumns,
    event: number,
  ) {
    this.first = event;
    this.last = event;
  }

  get startUs(): number {
    return this.columns.table.time(this.first);
  }

  get endUs(): number {
    return this.columns.table.time(this.last);
  }

  /** How long its slowest step took (0 with one event). */
  get longestHopUs(): number {
    return this.hopFrom === NONE ? 0 : this.columns.table.time(this.hopTo) - this.columns.table.time(this.hopFrom);
  }

  /** The slowest step between two of its events. */
  get longestHop(): { from: number; to: number; us: number } | null {
    return this.hopFrom === NONE ? null : { from: this.hopFrom, to: this.hopTo, us: this.longestHopUs };
  }

  /** Its events, in time order (a fresh array each time). */
  get events(): number[] {
    const out: number[] = [];
    for (let e = this.first; e !== NONE; e = e === this.last ? NONE : (this.columns.chain[e] ?? NONE)) out.push(e);
    return out;
  }
}

const FREES = new Set(['skb:consume_skb', DROP_EVENT]);
const TRANSMITS = new Set(['net:net_dev_queue', 'net:net_dev_start_xmit']);
const RECEIVES = new Set(['net:netif_receive_skb', 'net:netif_rx', 'net:netif_receive_skb_entry', 'net:netif_rx_entry', 'net:napi_gro_receive_entry', 'net:napi_gro_frags_entry']);
/** net_dev_xmit and the _exit events report back on a device the packet already went through. */
const RETURNS = /^net:net_dev_xmit$|_exit$/;

/** A pause this much longer than the journey's slowest hop so far means a new packet… */
const GAP_FACTOR = 20;
/** …as long as it is also at least this long (a journey's first hops say little about its pace). */
const MIN_GAP_US = 1000;
/** A transmit after a receive is a new packet when this long has passed (a forwarded one moves on at once). */
const REUSE_GAP_US = 100;
/** Entries of journeyOf and chain filled for one unit of a step's work. */
const FILLS_PER_WORK = 64;

export interface JourneyIndex {
  journeys: Journey[];
  /** Each event's journey, NONE for events that belong to no packet. */
  journeyOf: Int32Array;
}

interface OpenJourney {
  journey: Journey;
  received: boolean;
  freed: boolean;
}

/**
 * Splits a table's events into journeys in one pass over them in time order, a slice at a time,
 * so the window can build them between frames.
 */
export class JourneyBuilder {
  private readonly count: number;
  private readonly journeyOf: Int32Array;
  private readonly columns: JourneyColumns;
  private readonly journeys: Journey[] = [];
  private readonly open = new Map<number, OpenJourney>();
  private readonly order: TimeOrder;
  /**
   * journeyOf and chain hold NONE up to here: filled a piece a step, not when made, as writing
   * tens of MB of new memory at once held the window for a fifth of a second after a long capture.
   */
  private filled = 0;
  private eventsIn = false;
  /** Journeys settled so far, once every event is in. */
  private settled = 0;
  /** Most packets take one of a few paths: one array each. */
  private readonly paths = new Map<string, string[]>();

  /** `growing`: the table may still grow while the split goes on (see TimeOrder). */
  constructor(
    private readonly table: TraceTable,
    private readonly reasons: DropReasons,
    growing = true,
  ) {
    // The events there are now; a growing trace is split again later.
    this.count = table.count;
    this.journeyOf = new Int32Array(this.count);
    this.columns = { chain: new Int32Array(this.count), table };
    this.order = new TimeOrder(table, growing);
  }

  /** Does up to `budget` more work (an event taken, a journey's event settled); true once the journeys are whole. */
  step(budget: number): boolean {
    let left = budget;
    if (this.filled < this.count) {
      const end = Math.min(this.count, this.filled + left * FILLS_PER_WORK);
      this.journeyOf.fill(NONE, this.filled, end);
      this.columns.chain.fill(NONE, this.filled, end);
      left -= Math.ceil((end - this.filled) / FILLS_PER_WORK);
      this.filled = end;
    }
    while (this.filled === this.count && !this.eventsIn && left > 0) {
      const e = this.order.next();
      if (e === NONE) this.eventsIn = true;
      else {
        this.take(e);
        left--;
      }
    }
    while (this.eventsIn && this.settled < this.journeys.length && left > 0) left -= this.settle(this.journeys[this.settled++] as Journey);
    return this.eventsIn && this.settled === this.journeys.length;
  }

  /** The journeys, once step() has said they are whole. */
  result(): JourneyIndex {
    return { journeys: this.journeys, journeyOf: this.journeyOf };
  }

  /** A journey with all its events: its fate where no free named it, its path shared. Returns the work it took. */
  private settle(j: Journey): number {
    let work = 1;
    if (j.fate === 'unknown') {
      const events = j.events;
      work += events.length;
      j.fate = settledFate(this.table, events);
    }
    const key = j.path.join('\u0000');
    const shared = this.paths.get(key);
    if (shared) j.path = shared;
    else this.paths.set(key, j.path);
    return work;
  }

  private take(e: number): void {
    const { table } = this;
    const packet = table.packetOf(e);
    if (packet === NONE) return;
    const name = table.eventName(e);
    const t = table.time(e);
    let cur = this.open.get(packet);
    // Exit events carry no skbaddr of their own: they always finish the journey they entered in.
    if (cur && table.skbaddr(e) !== null) {
      const gap = t - cur.journey.endUs;
      const startsOver =
        cur.freed ||
        (cur.received && TRANSMITS.has(name) && gap > REUSE_GAP_US) ||
        (gap > MIN_GAP_US && gap > GAP_FACTOR * cur.journey.longestHopUs);
      if (startsOver) cur = undefined;
    }
    let j: Journey;
    if (!cur) {
      j = new Journey(this.journeys.length, packet, this.columns, e);
      this.journeys.push(j);
      cur = { journey: j, received: false, freed: false };
      this.open.set(packet, cur);
    } else {
      j = cur.journey;
      const hop = t - j.endUs;
      if (j.hopFrom === NONE || hop > j.longestHopUs) {
        j.hopFrom = j.last;
        j.hopTo = e;
      }
      this.columns.chain[j.last] = e;
      j.last = e;
    }
    this.journeyOf[e] = j.id;
    if (j.len === null) j.len = table.len(e);
    const device = table.device(e) ?? table.rows()[table.rowOf(e)]?.device ?? null;
    if (device !== null && !RETURNS.test(name) && !FREES.has(name) && j.path[j.path.length - 1] !== device) j.path.push(device);
    if (RECEIVES.has(name)) cur.received = true;
    if (FREES.has(name)) {
      cur.freed = true;
      j.fate = name === 'skb:consume_skb' ? 'consumed' : 'dropped';
      if (name === DROP_EVENT) j.drop = dropOf(table, e, device, this.reasons);
      if (j.drop?.benign) j.fate = 'benign-free';
    }
  }
}

export function buildJourneys(table: TraceTable, reasons: DropReasons): JourneyIndex {
  const builder = new JourneyBuilder(table, reasons);
  builder.step(Number.POSITIVE_INFINITY);
  return builder.result();
}

/** The parser kept the drop's reason and location, so naming it reads no line back. */
function dropOf(table: TraceTable, e: number, device: string | null, reasons: DropReasons): Drop {
  const { reason: printed, location } = table.dropFields(e);
  const reason = reasonName(printed, reasons);
  return { event: e, reason, location, device, benign: benignFree(reason, location) };
}

/** Without a free: where its last event left it. */
function settledFate(table: TraceTable, events: readonly number[]): Fate {
  for (let i = events.length - 1; i >= 0; i--) {
    const name = table.eventName(events[i] as number);
    if (RETURNS.test(name) && name !== 'net:net_dev_xmit') continue;
    if (name === 'net:netif_receive_skb' || RECEIVES.has(name)) return 'delivered';
    if (TRANSMITS.has(name) || name === 'net:net_dev_xmit') return 'sent';
    return 'unknown';
  }
  return 'unknown';
}
