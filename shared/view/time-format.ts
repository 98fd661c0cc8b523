/**
 * Time on the axis and in panels: microseconds from the trace's start, written in the unit that
 * suits the magnitude (µs, ms, s) with as many decimals as the tick step needs.
 */

const UNITS: readonly { name: string; us: number }[] = [
  { name: 'µs', us: 1 },
  { name: 'ms', us: 1_000 },
  { name: 's', us: 1_000_000 },
];

/** The unit to write times up to `magnitudeUs` in. */
export function unitFor(magnitudeUs: number): { name: string; us: number } {
  const m = Math.abs(magnitudeUs);
  if (m < 1_000) return UNITS[0]!;
  if (m < 1_000_000) return UNITS[1]!;
  return UNITS[2]!;
}

/** Writes `us` in `unit`, precise to `resolutionUs`. */
export function formatIn(us: number, unit: { name: string; us: number }, resolutionUs: number): string {
  const decimals = Math.max(0, Math.min(9, Math.ceil(-Math.log10(resolutionUs / unit.us) - 1e-9)));
  return `${(us / unit.us).toFixed(decimals)} ${unit.name}`;
}

/** A duration for people: 14 µs, 1.250 ms, 3.2 s. */
export function formatDuration(us: number): string {
  const unit = unitFor(us);
  const resolution = unit.us === 1 ? 1 : unit.us / 1000;
  return formatIn(us, unit, Math.min(resolution, Math.abs(us) || 1));
}

/** Nice tick step (1, 2 or 5 × 10^k µs) so ticks stand about `targetPx` apart. */
export function tickStep(spanUs: number, widthPx: number, targetPx = 110): number {
  if (!(spanUs > 0) || !(widthPx > 0)) return 1;
  const raw = (spanUs * targetPx) / widthPx;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 5]) if (raw <= f * pow) return f * pow;
  return 10 * pow;
}

export interface Tick {
  us: number;
  label: string;
}

/** Ticks for the visible window [startUs, endUs], in time from the trace's origin. */
export function axisTicks(startUs: number, endUs: number, widthPx: number): Tick[] {
  const step = tickStep(endUs - startUs, widthPx);
  const unit = unitFor(Math.max(Math.abs(startUs), Math.abs(endUs), step));
  const ticks: Tick[] = [];
  const first = Math.ceil(startUs / step) * step;
  for (let i = 0; ; i++) {
    const us = first + i * step;
    if (us > endUs || i > 1000) break;
    // Snap away float noise, e.g. 0.30000000000000004.
    const snapped = Math.round(us / step) * step;
    ticks.push({ us: snapped, label: formatIn(snapped, unit, step) });
  }
  return ticks;
}
