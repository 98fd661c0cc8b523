/**
 * Packets, not addresses: the kernel reuses an skb's memory for later packets, so one skbaddr's
 * events are split into journeys, one per packet. A journey ends where the packet was freed
 * (`skb:consume_skb`, `skb:kfree_skb`); without those, where the sequence starts over (the packet
 * was received, then the address is seen transmitting again, after a pause), or after a gap far
 * above the packet's own hop times.
 */
import { parseFields } from '../trace/parse-fields';
import { NONE } from '../trace/event-batch';
import type { TraceTable } from '../trace/trace-table';
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

export interface Journey {
  id: number;
  /** The skbaddr's packet index in the table. */
  packet: number;
  /** Its events, in time order. */
  events: number[];
  startUs: number;
  endUs: number;
  /** Devices in the order it crossed them: docker0 → vethb3f1c2a → eth0. */
  path: string[];
  /** The length first seen (as the first device saw it). */
  len: number | null;
  /** The slowest step between two of its events. */
  longestHop: { from: number; to: number; us: number } | null;
  fate: Fate;
  drop: Drop | null;
}

const FREES = new Set(['skb:consume_skb', 'skb:kfree_skb']);
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

export interface JourneyIndex {
  journeys: Journey[];
  /** Each event's journey, NONE for events that belong to no packet. */
  journeyOf: Int32Array;
}

/**
 * The drop events' fields as printed, for their reason and location. In-process readers have the
 * table read them back; the window reads them from its text first, since that is asynchronous there.
 */
export type DropFields = (event: number) => string;

export function buildJourneys(table: TraceTable, reasons: DropReasons, fieldsOf: DropFields = (e) => table.fields(e)): JourneyIndex {
  const journeyOf = new Int32Array(table.count).fill(NONE);
  const open = new Map<number, { journey: Journey; received: boolean; freed: boolean; lastUs: number; maxHopUs: number }>();
  const journeys: Journey[] = [];
  for (let k = 0; k < table.count; k++) {
    const e = table.sorted(k);
    const packet = table.packetOf(e);
    if (packet === NONE) continue;
    const name = table.eventName(e);
    const t = table.time(e);
    let cur = open.get(packet);
    // Exit events carry no skbaddr of their own: they always finish the journey they entered in.
    const own = table.skbaddr(e) !== null;
    if (cur && own) {
      const gap = t - cur.lastUs;
      const startsOver =
        cur.freed ||
        (cur.received && TRANSMITS.has(name) && gap > REUSE_GAP_US) ||
        (gap > MIN_GAP_US && gap > GAP_FACTOR * cur.maxHopUs);
      if (startsOver) cur = undefined;
    }
    if (!cur) {
      const journey: Journey = { id: journeys.length, packet, events: [], startUs: t, endUs: t, path: [], len: null, longestHop: null, fate: 'unknown', drop: null };
      journeys.push(journey);
      cur = { journey, received: false, freed: false, lastUs: t, maxHopUs: 0 };
      open.set(packet, cur);
    }
    const j = cur.journey;
    const prev = j.events[j.events.length - 1];
    if (prev !== undefined) {
      const hop = t - table.time(prev);
      if (!j.longestHop || hop > j.longestHop.us) j.longestHop = { from: prev, to: e, us: hop };
      cur.maxHopUs = Math.max(cur.maxHopUs, hop);
    }
    j.events.push(e);
    j.endUs = t;
    cur.lastUs = t;
    journeyOf[e] = j.id;
    if (j.len === null) j.len = table.len(e);
    const device = table.device(e) ?? table.rows()[table.rowOf(e)]?.device ?? null;
    if (device !== null && !RETURNS.test(name) && !FREES.has(name) && j.path[j.path.length - 1] !== device) j.path.push(device);
    if (RECEIVES.has(name)) cur.received = true;
    if (FREES.has(name)) {
      cur.freed = true;
      j.fate = name === 'skb:consume_skb' ? 'consumed' : 'dropped';
      if (name === 'skb:kfree_skb') j.drop = dropOf(table, e, device, reasons, fieldsOf);
      if (j.drop?.benign) j.fate = 'benign-free';
    }
  }
  for (const j of journeys) if (j.fate === 'unknown') j.fate = settledFate(table, j);
  return { journeys, journeyOf };
}

function dropOf(table: TraceTable, e: number, device: string | null, reasons: DropReasons, fieldsOf: DropFields): Drop {
  const fields = new Map(parseFields(table.layout(e), fieldsOf(e)).map((f) => [f.key, f.value]));
  const reason = reasonName(fields.get('reason'), reasons);
  const location = fields.get('location') ?? null;
  return { event: e, reason, location, device, benign: benignFree(reason, location) };
}

/** Without a free: where its last event left it. */
function settledFate(table: TraceTable, j: Journey): Fate {
  for (let i = j.events.length - 1; i >= 0; i--) {
    const name = table.eventName(j.events[i] as number);
    if (RETURNS.test(name) && name !== 'net:net_dev_xmit') continue;
    if (name === 'net:netif_receive_skb' || RECEIVES.has(name)) return 'delivered';
    if (TRANSMITS.has(name) || name === 'net:net_dev_xmit') return 'sent';
    return 'unknown';
  }
  return 'unknown';
}
