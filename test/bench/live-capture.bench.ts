/**
 * Live capture, through everything a real one goes through: the browser preview's backend starts
 * this machine's perf (perf trace on one tracepoint filtered to never fire) with the line
 * generator as its traced command; the generator prints perf trace lines on the stderr it shares
 * with perf, at a set rate. In the page, every frame notes the wall clock and the event count the
 * capture bar shows; the generator logs when it handed each event over. The lag of a frame is how
 * long ago the newest event it shows was printed. A rate is sustained when the generator was never
 * held back (it blocks on a full pipe, as perf would lose events), every event arrived, and the
 * 95th percentile lag stayed within 250 ms. Rates go up until one is not sustained. Real perf
 * traffic is live-perf.bench.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { MAX_EVENTS_LIMIT } from '../../shared/capture/capture-settings';
import { missingForCaptures } from '../support/capture-requirements';
import { startPreview } from '../support/preview';
import type { BenchReport } from './bench-report';
import { captureToEnd, openWithSettings } from './live-page';
import { percentile } from './page-probe';

const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');
const GENERATOR = fileURLToPath(new URL('./perf-line-generator.ts', import.meta.url));
/** Rates tried in turn, up to the first not sustained: a step each, so the run stays within minutes. */
const RATES = [25_000, 50_000, 100_000, 200_000];
const LAG_LIMIT_MS = 250;
/** A tracepoint that never fires under its filter: every event comes from the generator. */
const QUIET_EVENT = 'net:napi_gro_receive_entry';

interface Step {
  rate: number;
  sustained: boolean;
  lagP95: number;
  lagMax: number;
  written: number;
  shown: number;
  longestTaskMs: number;
}

export async function benchLive(browser: Browser, dir: string, report: BenchReport, { stepSeconds, rates = RATES }: { stepSeconds: number; rates?: readonly number[] }): Promise<void> {
  const missing = missingForCaptures();
  if (missing) {
    console.error(`bench: live capture skipped: ${missing}`);
    return;
  }
  const steps: Step[] = [];
  for (const rate of rates) {
    const step = await liveStep(browser, dir, rate, stepSeconds);
    steps.push(step);
    console.error(
      `bench: live ${rate} events/s for ${stepSeconds} s: ${step.sustained ? 'sustained' : 'not sustained'}, lag p95 ${Math.round(step.lagP95)} ms, max ${Math.round(step.lagMax)} ms, ${step.shown}/${step.written} shown, longest task ${Math.round(step.longestTaskMs)} ms`,
    );
    if (!step.sustained) break;
  }
  const best = [...steps].reverse().find((s) => s.sustained);
  report.add({ key: 'liveSustainedEventsPerSec', label: `live: highest rate sustained ${stepSeconds} s, newest event on screen within ${LAG_LIMIT_MS} ms (p95)`, unit: 'ev/s', runs: [best?.rate ?? 0] });
  report.add({ key: 'liveLagP95Ms', label: 'live: newest event on screen, lag p95 at that rate', unit: 'ms', runs: [best?.lagP95 ?? Number.NaN] });
  report.add({ key: 'liveLongestTaskMs', label: "live: longest task on the window's thread at that rate, to the capture's end", unit: 'ms', runs: [best?.longestTaskMs ?? Number.NaN] });
  const failed = steps.find((s) => !s.sustained);
  if (failed) report.add({ key: 'liveFirstFailedRateEventsPerSec', label: `live: first rate not sustained (lag p95 ${Math.round(failed.lagP95)} ms, ${failed.shown}/${failed.written} shown)`, unit: 'ev/s', runs: [failed.rate] });
}

async function liveStep(browser: Browser, dir: string, rate: number, seconds: number): Promise<Step> {
  const preview = await startPreview();
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const progress = `${dir}/progress-${rate}.txt`;
  try {
    const epochMs = Date.now();
    const argv = [process.execPath, TSX_CLI, GENERATOR, String(rate), String(seconds), String(epochMs), progress];
    // No cap short of the limit: the fastest steps print more lines than the default cap.
    const settings = { events: [QUIET_EVENT], filters: { [QUIET_EVENT]: 'len > 1000000000' }, mode: { kind: 'command', argv }, maxEvents: MAX_EVENTS_LIMIT };
    await openWithSettings(page, preview.url, settings);
    const { samples, shown, longestTaskMs } = await captureToEnd(page, seconds);
    return { ...stepResult(rate, seconds, samples, readProgress(progress), shown), longestTaskMs };
  } finally {
    await page.close();
    await preview.stop();
  }
}

function readProgress(path: string): [number, number][] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split(' ').map(Number) as [number, number]);
}

function stepResult(rate: number, seconds: number, samples: [number, number][], progress: [number, number][], shown: number): Omit<Step, 'longestTaskMs'> {
  const written = progress[progress.length - 1]?.[1] ?? 0;
  const lags: number[] = [];
  for (const [wall, count] of samples) {
    if (count === 0) continue;
    // When the generator had handed over the newest event this frame shows.
    const handed = progress.find(([, n]) => n >= count);
    if (handed) lags.push(wall - handed[0]);
  }
  const lagP95 = percentile(lags, 95);
  const sustained = written >= rate * seconds * 0.98 && shown >= written && lagP95 <= LAG_LIMIT_MS;
  return { rate, sustained, lagP95, lagMax: lags.length ? Math.max(...lags) : Number.NaN, written, shown };
}
