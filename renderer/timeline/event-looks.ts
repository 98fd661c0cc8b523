/**
 * How each event looks: coloured by its journey (the packet it belongs to) once journeys are known,
 * by its skbaddr until then; selected, dimmed or plain as the selection says, and without a
 * selection dimmed when a search leaves its packet out. The timeline, its painted dots and the
 * exported image all ask here, so they never disagree.
 */
import type { JourneyIndex } from '../../shared/journeys/journeys';
import type { RoundTrip, TripIndex } from '../../shared/journeys/round-trips';
import { NONE } from '../../shared/trace/event-batch';
import type { TraceTable } from '../../shared/trace/trace-table';
import { NO_PACKET_COLOR, packetColor } from '../../shared/view/packet-colors';
import { exitOf } from '../../shared/journeys/spans';

export interface Highlight {
  /** The selected skbaddr (every packet that used it), or the one the selected journey used. */
  packet: number | null;
  /** The selected journey (one packet); null selects the whole skbaddr. */
  journey: number | null;
  /** The event in focus. */
  event: number | null;
}

export const NO_HIGHLIGHT: Highlight = { packet: null, journey: null, event: null };

export type Look = 'plain' | 'selected' | 'dimmed';

/** Journeys, with the round trips that link requests to replies where they are known. */
export type LookJourneys = JourneyIndex & { tripOf?: TripIndex };

export class EventLooks {
  constructor(
    private readonly table: TraceTable,
    private readonly journeys: LookJourneys | null,
    readonly highlight: Highlight,
    /** Per journey, 1 where the search matches it; null when nothing is searched for. */
    private readonly matches: Uint8Array | null = null,
  ) {}

  color(e: number): string {
    const j = this.journeys?.journeyOf[e] ?? NONE;
    if (j !== NONE) return packetColor(j);
    const p = this.table.packetOf(e);
    return p === NONE ? NO_PACKET_COLOR : packetColor(p);
  }

  look(e: number): Look {
    const { packet } = this.highlight;
    const journey = this.selectedJourney();
    if (journey !== null && this.journeys) {
      const j = this.journeys.journeyOf[e];
      if (j === journey) return 'selected';
      // The other half of its round trip stays in view, so request and reply read together.
      return j !== undefined && j !== NONE && j === this.partner(journey) ? 'plain' : 'dimmed';
    }
    if (packet !== null) return this.table.packetOf(e) === packet ? 'selected' : 'dimmed';
    if (this.matches && this.journeys) {
      const j = this.journeys.journeyOf[e] ?? NONE;
      return j !== NONE && this.matches[j] === 1 ? 'plain' : 'dimmed';
    }
    return 'plain';
  }

  /** The selected events, in time order: what must show as themselves even over density. */
  selectedEvents(): readonly number[] {
    const { packet } = this.highlight;
    const journey = this.selectedJourney();
    if (journey !== null && this.journeys) return this.journeys.journeys[journey]?.events ?? [];
    return packet === null ? [] : this.table.packetEvents(packet);
  }

  /** The selected journey, if it is one of the selected address's (a session may name one this trace splits otherwise). */
  selectedJourney(): number | null {
    const { packet, journey } = this.highlight;
    if (journey === null || !this.journeys) return null;
    const j = this.journeys.journeys[journey];
    return j && (packet === null || j.packet === packet) ? journey : null;
  }

  /**
   * The selected journey's round trip, when it is a request or a reply with its other half in the
   * trace: from the request's first event to the reply's last.
   */
  roundTrip(): (RoundTrip & { startUs: number; endUs: number }) | null {
    const journey = this.selectedJourney();
    const trip = journey === null ? undefined : this.journeys?.tripOf?.get(journey);
    const [request, reply] = [this.journeys?.journeys[trip?.request ?? NONE], this.journeys?.journeys[trip?.reply ?? NONE]];
    return trip && request && reply ? { ...trip, startUs: request.startUs, endUs: reply.endUs } : null;
  }

  private partner(journey: number): number | null {
    const trip = this.journeys?.tripOf?.get(journey);
    return trip ? (trip.request === journey ? trip.reply : trip.request) : null;
  }

  /** The packet an event belongs to: its journey once journeys are known, else its skbaddr; NONE for neither. */
  unitOf(e: number): number {
    const j = this.journeys?.journeyOf[e] ?? NONE;
    return j !== NONE || this.journeys ? j : this.table.packetOf(e);
  }

  /** A packet (as unitOf numbers it): its colour, its address, and where it went when journeys say. */
  unitColor(unit: number): string {
    return packetColor(unit);
  }

  unitAddress(unit: number): string {
    return this.table.packetAddress(this.journeys ? (this.journeys.journeys[unit]?.packet ?? 0) : unit);
  }

  unitPath(unit: number): string[] | null {
    return this.journeys?.journeys[unit]?.path ?? null;
  }

  /** For an entry event (`netif_rx_entry`), the exit that closes it: the call's span. NONE otherwise. */
  spanEnd(e: number): number {
    return this.journeys ? exitOf(this.table, this.journeys, e) : NONE;
  }

  /** The colour an skbaddr is listed with: its first journey's, or its own before journeys are known. */
  addressColor(packet: number): string {
    const first = this.journeys ? (firstJourneys(this.journeys)[packet] ?? NONE) : NONE;
    return packetColor(first !== NONE ? first : packet);
  }
}

const FIRST_JOURNEYS = new WeakMap<JourneyIndex, Int32Array>();

/** Each skbaddr's first journey (NONE for none), made once per split: the legend asks per address. */
function firstJourneys(index: JourneyIndex): Int32Array {
  let first = FIRST_JOURNEYS.get(index);
  if (!first) {
    const packets = index.journeys.reduce((n, j) => Math.max(n, j.packet + 1), 0);
    first = new Int32Array(packets).fill(NONE);
    for (let k = index.journeys.length - 1; k >= 0; k--) {
      const j = index.journeys[k] as JourneyIndex['journeys'][number];
      first[j.packet] = j.id;
    }
    FIRST_JOURNEYS.set(index, first);
  }
  return first;
}
