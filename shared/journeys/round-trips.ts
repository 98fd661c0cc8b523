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

/** A reply leaves within this long of its request's arrival, or it is not taken for one. */
const MAX_TURNAROUND_US = 50_000;

export function linkRoundTrips(journeys: readonly Journey[]): RoundTrip[] {
  const trips: RoundTrip[] = [];
  const replied = new Uint8Array(journeys.length);
  // A reply can only be a journey along the request's path reversed: each path's journeys are
  // listed, so a request looks at those alone rather than at every journey in the next 50 ms.
  const paths = new PathIds();
  const pathOf = new Int32Array(journeys.length).fill(-1);
  for (const j of journeys) if (j.path.length >= 2) pathOf[j.id] = paths.of(j.path);
  const byPath: number[][] = Array.from({ length: paths.count }, () => []);
  for (const j of journeys) if ((pathOf[j.id] as number) >= 0) byPath[pathOf[j.id] as number]?.push(j.id);
  // Where each list's journeys after the current request begin: requests come in order.
  const after = new Uint32Array(paths.count);
  // Journeys are in order of their first event: a reply is looked for among the ones after.
  for (const req of journeys) {
    const path = pathOf[req.id] as number;
    if (path < 0 || replied[req.id]) continue;
    const back = paths.reverseOf(path, req.path);
    if (back < 0) continue;
    const list = byPath[back] as number[];
    let i = after[back] as number;
    while (i < list.length && (list[i] as number) <= req.id) i++;
    after[back] = i;
    for (; i < list.length; i++) {
      const rep = journeys[list[i] as number] as Journey;
      if (rep.startUs - req.endUs > MAX_TURNAROUND_US) break;
      if (replied[rep.id] || rep.startUs < req.startUs || !sameLengthClass(req.len, rep.len)) continue;
      trips.push({ request: req.id, reply: rep.id, roundTripUs: rep.endUs - req.startUs });
      replied[req.id] = 1;
      replied[rep.id] = 1;
      break;
    }
  }
  return trips;
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
