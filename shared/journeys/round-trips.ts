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
  const replied = new Set<number>();
  // Journeys are in order of their first event: a reply is looked for among the ones after.
  for (const req of journeys) {
    if (req.path.length < 2 || replied.has(req.id)) continue;
    for (let k = req.id + 1; k < journeys.length; k++) {
      const rep = journeys[k] as Journey;
      if (rep.startUs - req.endUs > MAX_TURNAROUND_US) break;
      if (replied.has(rep.id) || rep.startUs < req.startUs || !isReverse(req.path, rep.path) || !sameLengthClass(req.len, rep.len)) continue;
      trips.push({ request: req.id, reply: rep.id, roundTripUs: rep.endUs - req.startUs });
      replied.add(req.id);
      replied.add(rep.id);
      break;
    }
  }
  return trips;
}

function isReverse(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[b.length - 1 - i]);
}

/** Within an eighth of each other, and both known. */
function sameLengthClass(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) <= Math.max(a, b) / 8;
}
