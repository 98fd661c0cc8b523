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
  const keys = new PathKeys();
  const byPath = new Map<string, number[]>();
  for (const j of journeys) {
    if (j.path.length < 2) continue;
    const key = keys.of(j.path);
    const list = byPath.get(key);
    if (list) list.push(j.id);
    else byPath.set(key, [j.id]);
  }
  // Where each list's journeys after the current request begin: requests come in order.
  const after = new Map<string, number>();
  // Journeys are in order of their first event: a reply is looked for among the ones after.
  for (const req of journeys) {
    if (req.path.length < 2 || replied[req.id]) continue;
    const key = keys.reversed(req.path);
    const list = byPath.get(key);
    if (!list) continue;
    let i = after.get(key) ?? 0;
    while (i < list.length && (list[i] as number) <= req.id) i++;
    after.set(key, i);
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

/** A path as a key, and its reverse's; journeys share few paths, so each is joined once. */
class PathKeys {
  private readonly forward = new Map<readonly string[], string>();
  private readonly backward = new Map<readonly string[], string>();

  of(path: readonly string[]): string {
    let key = this.forward.get(path);
    if (key === undefined) this.forward.set(path, (key = path.join('\u0000')));
    return key;
  }

  reversed(path: readonly string[]): string {
    let key = this.backward.get(path);
    if (key === undefined) this.backward.set(path, (key = [...path].reverse().join('\u0000')));
    return key;
  }
}

/** Within an eighth of each other, and both known. */
function sameLengthClass(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) <= Math.max(a, b) / 8;
}
