import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../../../shared/trace/event-batch';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { queryView } from '../../../shared/view/level-of-detail';
import { readFixture } from '../../support/fixtures';
import { syntheticTrace } from '../../support/synthetic-trace';

const MAX = 1500;

describe('a 100,000-event trace', () => {
  const { table, totals } = traceFromText(syntheticTrace({ events: 100_000, seed: 7 }));
  const span = { startUs: table.startUs, endUs: table.endUs };

  it('parses completely', () => {
    expect(table.count).toBe(100_000);
    expect(totals.skippedLines).toBe(0);
  });

  it('shows density, not 100,000 items, when zoomed out', () => {
    const view = queryView(table.rowTimes(), { ...span, widthPx: 1200, maxItems: MAX });
    expect(view.events.length + view.bins.length).toBeLessThanOrEqual(MAX);
    expect(view.bins.length).toBeGreaterThan(0);
    // Nothing is lost: the bins and items account for every event.
    const counted = view.bins.reduce((s, b) => s + b.count, 0) + view.events.length;
    expect(counted).toBe(100_000);
    expect(view.rowCounts.reduce((a, b) => a + b, 0)).toBe(100_000);
  });

  it('shows the real events once zoomed in far enough', () => {
    const mid = (table.startUs + table.endUs) / 2;
    const view = queryView(table.rowTimes(), { startUs: mid, endUs: mid + 200, widthPx: 1200, maxItems: MAX });
    expect(view.bins).toEqual([]);
    for (const e of view.events) {
      expect(table.time(e)).toBeGreaterThanOrEqual(mid);
      expect(table.time(e)).toBeLessThanOrEqual(mid + 200);
    }
  });

  it('keeps the same bins when panning at one zoom level, so the timeline reuses them', () => {
    const w = (table.endUs - table.startUs) / 20;
    const a = queryView(table.rowTimes(), { startUs: table.startUs + w, endUs: table.startUs + 3 * w, widthPx: 1000, maxItems: MAX });
    const b = queryView(table.rowTimes(), { startUs: table.startUs + w * 1.1, endUs: table.startUs + w * 3.1, widthPx: 1000, maxItems: MAX });
    const key = (x: { row: number; startUs: number }): string => `${x.row}:${x.startUs}`;
    const shared = new Set(a.bins.map(key));
    const reused = b.bins.filter((x) => shared.has(key(x))).length;
    expect(reused / b.bins.length).toBeGreaterThan(0.8);
  });

  it('never hides a quiet device behind a busy one', () => {
    const quiet = traceFromText(
      `${syntheticTrace({ events: 20_000, seed: 3 })}     0.500 a/1 net:netif_rx(skbaddr: 0x9, len: 1, name: "lo")\n`,
    ).table;
    const view = queryView(quiet.rowTimes(), { startUs: quiet.startUs, endUs: quiet.endUs, widthPx: 1000, maxItems: MAX });
    const loRow = quiet.rows().findIndex((r) => r.device === 'lo');
    expect(view.events.some((e) => quiet.rowOf(e) === loRow)).toBe(true);
  });
});

describe('the synthetic generator', () => {
  it('writes every layout the parser reads, with the same events', () => {
    const counts = LAYOUTS.map((layout) => {
      const t = traceFromText(syntheticTrace({ events: 2000, seed: 5, layout }));
      expect(t.totals.layouts[layout]).toBe(2000);
      return [t.table.summary().devices, t.table.summary().skbaddrs];
    });
    for (const c of counts) expect(c).toEqual(counts[0]);
  });
});

describe('the ping sample', () => {
  it('hands every event to the timeline: 20 items on 3 rows', () => {
    const { table } = traceFromText(readFixture('ping-bridge-veth.btf.txt'));
    const view = queryView(table.rowTimes(), { startUs: table.startUs, endUs: table.endUs, widthPx: 1000, maxItems: MAX });
    expect(view.events.length).toBe(20);
    expect(view.bins).toEqual([]);
    expect(view.rowCounts).toEqual([6, 7, 7]);
  });
});

describe('events that would pile up', () => {
  const { table } = traceFromText(syntheticTrace({ events: 3000, seed: 11 }));

  it('are binned even within budget when too many for the width to tell apart', () => {
    const view = queryView(table.rowTimes(), { startUs: table.startUs, endUs: table.endUs, widthPx: 200, maxItems: 100_000 });
    expect(view.bins.length).toBeGreaterThan(0);
    expect(view.events.length + view.bins.length).toBeLessThanOrEqual(3 * (200 / 3 + 2));
  });

  it('show an event alone in its bin as the event itself, so a lone packet keeps its colour', () => {
    const lonely = traceFromText(
      `${syntheticTrace({ events: 3000, seed: 11 })}  99999.000 a/1 net:netif_rx(skbaddr: 0xabc, len: 1, name: "eth0")\n`,
    ).table;
    const view = queryView(lonely.rowTimes(), { startUs: lonely.startUs, endUs: lonely.endUs, widthPx: 1000, maxItems: 1500 });
    const last = lonely.sorted(lonely.count - 1);
    expect(lonely.skbaddr(last)).toBe('0xabc');
    expect(view.events).toContain(last);
    expect(view.bins.every((b) => b.count > 1)).toBe(true);
  });
});

describe('hidden rows', () => {
  it('get nothing drawn, and leave their budget to the rows still shown', () => {
    const { table } = traceFromText(syntheticTrace({ events: 20_000, seed: 9 }));
    const q = { startUs: table.startUs, endUs: table.endUs, widthPx: 1200, maxItems: 600 };
    const all = queryView(table.rowTimes(), q);
    const eth0 = table.rows().findIndex((r) => r.device === 'eth0');
    const hidden = queryView(table.rowTimes(), { ...q, hiddenRows: new Set([eth0]) });
    expect(hidden.events.some((e) => table.rowOf(e) === eth0)).toBe(false);
    expect(hidden.bins.some((b) => b.row === eth0)).toBe(false);
    const docker0 = table.rows().findIndex((r) => r.device === 'docker0');
    const others = new Set(table.rows().map((_, r) => r).filter((r) => r !== docker0));
    const alone = queryView(table.rowTimes(), { ...q, hiddenRows: others });
    const binsOf = (v: typeof all, row: number): number => v.bins.filter((b) => b.row === row).length;
    expect(binsOf(alone, docker0)).toBeGreaterThan(binsOf(all, docker0));
    expect(alone.bins.every((b) => b.row === docker0)).toBe(true);
  });
});
