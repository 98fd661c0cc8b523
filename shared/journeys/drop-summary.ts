/** Drops counted by reason and by device, and the frees that are the kernel working as it should. */
import type { Journey } from './journeys';

export interface DropCount {
  reason: string;
  device: string | null;
  count: number;
  /** The journeys, to select them from the summary. */
  journeys: number[];
}

export interface DropSummary {
  /** Real drops, most frequent first. */
  drops: DropCount[];
  /** Reason → count, for the CLI and the status bar. */
  byReason: Record<string, number>;
  benignFrees: number;
}

export function summarizeDrops(journeys: readonly Journey[]): DropSummary {
  const groups = new Map<string, DropCount>();
  const byReason: Record<string, number> = {};
  let benignFrees = 0;
  for (const j of journeys) {
    if (!j.drop) continue;
    if (j.drop.benign) {
      benignFrees++;
      continue;
    }
    const key = `${j.drop.reason}\u0000${j.drop.device ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { reason: j.drop.reason, device: j.drop.device, count: 0, journeys: [] }));
    group.count++;
    group.journeys.push(j.id);
    byReason[j.drop.reason] = (byReason[j.drop.reason] ?? 0) + 1;
  }
  const drops = [...groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { drops, byReason, benignFrees };
}
