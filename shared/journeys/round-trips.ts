/**
 * Requests and their replies: a journey whose path is another's reversed, that starts soon after
 * that one reached its last device, with a length of the same class (an echo reply is as long as
 * its request; a TCP ACK is not, and is not linked). The round trip is from the request's first
 * event to the reply's last.
 */
import type { Journey } from './journeys';

export interface RoundTrip {
  request: number;
  reply: number;
  /** µs from the request's start to the reply's end. */
  roundTripUs: number;
}

/** The round trip a journey is the request or the reply of, by journey id. */
export interface TripIndex {
  get(journey: number): RoundTrip | undefined;
}

/** A reply leaves within this long of its request's arrival, or it is not taken for one. */
const MAX_TURNAROUND_US = 50_000;

export function linkRoundTrips(journeys: readonly Journey[]): RoundTrip[] {
  const linker = new RoundTripLinker(journeys);
  linker.step(Number.POSITIVE_INFINITY);
  return linker.trips;
}

/** Links requests to their replies a slice at a time, so the window can do it between frames. */
export class RoundTripLinker implements TripIndex {
  readonly trips: RoundTrip[] = [];
  /**
   * Each journey's trip, as its index in `trips` plus one (0: none yet): kept as the trips are
   * found, where building a Map of them afterwards held the window for 0.2 s at 10M events.
   */
  private readonly tripAt: Int32Array;
  private readonly paths = new PathIds();
  private readonly pathOf: Int32Array;
  /** Each path's journeys, in order: a reply can only be a journey along the request's path reversed. */
  private readonly byPath: number[][];
  /** Where each list's journeys after the current request begin: requests come in order. */
  private readonly after: Uint32Array;
  private next = 0;

  constructor(private readonly journeys: readonly Journey[]) {
    this.tripAt = new Int32Array(journeys.length);
    this.pathOf = new Int32Array(journeys.length).fill(-1);
    for (const j of journeys) if (j.path.length >= 2) this.pathOf[j.id] = this.paths.of(j.path);
    this.byPath = Array.from({ length: this.paths.count }, () => []);
    for (const j of journeys) if ((this.pathOf[j.id] as number) >= 0) this.byPath[this.pathOf[j.id] as number]?.push(j.id);
    this.after = new Uint32Array(this.paths.count);
  }

  /** Looks for the replies of up to `budget` more journeys; true once every journey has been looked at. */
  step(budget: number): boolean {
    const end = Math.min(this.journeys.length, this.next + budget);
    for (; this.next < end; this.next++) this.link(this.journeys[this.next] as Journey);
    return this.next >= this.journeys.length;
  }

  get(journey: number): RoundTrip | undefined {
    const at = this.tripAt[journey] ?? 0;
    return at === 0 ? undefined : this.trips[at - 1];
  }

  /** Journeys are in order of their first event: a reply is looked for among the ones after. */
  private link(req: Journey): void {
    const path = this.pathOf[req.id] as number;
    if (path < 0 || this.tripAt[req.id] !== 0) return;
    const back = this.paths.reverseOf(path, req.path);
    if (back < 0) return;
    const list = this.byPath[back] as number[];
    let i = this.after[back] as number;
    while (i < list.length && (list[i] as number) <= req.id) i++;
    this.after[back] = i;
    const reqStart = req.startUs;
    const reqEnd = req.endUs;
    for (; i < list.length; i++) {
      const rep = this.journeys[list[i] as number] as Journey;
      const repStart = rep.startUs;
      if (repStart - reqEnd > MAX_TURNAROUND_US) break;
      if (this.tripAt[rep.id] !== 0 || repStart < reqStart || !sameLengthClass(req.len, rep.len)) continue;
      const at = this.trips.push({ request: req.id, reply: rep.id, roundTripUs: rep.endUs - reqStart });
      this.tripAt[req.id] = at;
      this.tripAt[rep.id] = at;
      return;
    }
  }
}

/** Paths numbered by what they say (journeys share few paths, mostly as one array each), and each one's reverse. */
class PathIds {
  private readonly byArray = new Map<readonly string[], number>();
  private readonly byKey = new Map<string, number>();
  private readonly reverse: number[] = [];

  get count(): number {
    return this.byKey.size;
  }

  of(path: readonly string[]): number {
    let id = this.byArray.get(path);
    if (id === undefined) {
      const key = path.join('\u0000');
      id = this.byKey.get(key);
      if (id === undefined) this.byKey.set(key, (id = this.byKey.size));
      this.byArray.set(path, id);
    }
    return id;
  }

  /** The id of `path` (numbered `id`) reversed, or -1 when no journey took it. */
  reverseOf(id: number, path: readonly string[]): number {
    let back = this.reverse[id];
    if (back === undefined) this.reverse[id] = back = this.byKey.get([...path].reverse().join('\u0000')) ?? -1;
    return back;
  }
}

/** Within an eighth of each other, and both known. */
function sameLengthClass(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) <= Math.max(a, b) / 8;
}
