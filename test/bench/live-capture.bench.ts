/**
 * Live capture, through everything a real one goes through: the browser preview's backend starts
 * this machine's perf (perf trace on one tracepoint filtered to never fire) with the line
 * generator as its traced command; the generator prints perf trace lines on the stderr it shares
 * with perf, at a set rate. In the page, every frame notes the wall clock and the event count the
 * capture bar shows; the generator logs when it handed each event over. The lag of a frame is how
 * long ago the newest event it shows was printed. A rate is sustained when the generator was never
 * held back (it blocks on a full pipe, as perf would lose events), every event arrived, and the
 * 95th percentile lag stayed within 250 ms. Rates go up until one is not sustained.
 *
 * Next to it, perf itself: `perf trace -a` on the net tracepoints while UDP floods a veth pair into
 * a network namespace, its output read by a counter that only counts lines (as fast as /dev/null):
 * the rate at which perf prints on this machine.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { MAX_EVENTS_LIMIT } from '../../shared/capture/capture-settings';
import { missingForCaptures } from '../support/capture-requirements';
import { buildTopology } from '../support/netns';
import { startPreview } from '../support/preview';
import type { BenchReport } from './bench-report';
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
}

/** As source text, for the reason page-probe.ts gives: the remembered capture settings, and a wall clock and event count per frame. */
const LIVE_PROBE = `
  localStorage.setItem('skbscope.capture.last', LAST_CAPTURE);
  const live = { samples: [], on: false };
  window.skbLive = live;
  requestAnimationFrame(function tick() {
    if (live.on) {
      const el = document.querySelector('[data-testid=capture-events]');
      if (el && el.textContent) live.samples.push([Date.now(), Number(el.textContent.replace(/,/g, ''))]);
    }
    requestAnimationFrame(tick);
  });
`;

declare global {
  interface Window {
    skbLive?: { samples: [number, number][]; on: boolean };
  }
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
    console.error(`bench: live ${rate} events/s for ${stepSeconds} s: ${step.sustained ? 'sustained' : 'not sustained'}, lag p95 ${Math.round(step.lagP95)} ms, max ${Math.round(step.lagMax)} ms, ${step.shown}/${step.written} shown`);
    if (!step.sustained) break;
  }
  const best = [...steps].reverse().find((s) => s.sustained);
  report.add({ key: 'liveSustainedEventsPerSec', label: `live: highest rate sustained ${stepSeconds} s, newest event on screen within ${LAG_LIMIT_MS} ms (p95)`, unit: 'ev/s', runs: [best?.rate ?? 0] });
  report.add({ key: 'liveLagP95Ms', label: 'live: newest event on screen, lag p95 at that rate', unit: 'ms', runs: [best?.lagP95 ?? Number.NaN] });
  const failed = steps.find((s) => !s.sustained);
  if (failed) report.add({ key: 'liveFirstFailedRateEventsPerSec', label: `live: first rate not sustained (lag p95 ${Math.round(failed.lagP95)} ms, ${failed.shown}/${failed.written} shown)`, unit: 'ev/s', runs: [failed.rate] });
  report.add({ key: 'perfPrintEventsPerSec', label: 'perf trace -a itself, UDP flood in a netns, output only counted', unit: 'ev/s', runs: [perfPrintRate(Math.min(stepSeconds, 10))] });
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
    await page.addInitScript({ content: LIVE_PROBE.replace('LAST_CAPTURE', JSON.stringify(JSON.stringify({ target: { kind: 'local' }, settings }))) });
    await page.goto(preview.url);
    await page.getByRole('button', { name: /Start a capture/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New capture' });
    await page.evaluate(() => {
      if (window.skbLive) window.skbLive.on = true;
    });
    await dialog.getByRole('button', { name: 'Start capture' }).click();
    await page.getByTestId('capture-status').filter({ hasText: /Finished|Stopped|failed/i }).waitFor({ timeout: (seconds + 120) * 1000 });
    await waitForWhole(page);
    const samples = await page.evaluate(() => window.skbLive?.samples ?? []);
    // The count once the capture is whole, read now: the last frame sampled may precede it.
    const shown = Number(((await page.getByTestId('capture-events').textContent()) ?? '0').replace(/,/g, ''));
    return stepResult(rate, seconds, samples, readProgress(progress), shown);
  } finally {
    await page.close();
    await preview.stop();
  }
}

async function waitForWhole(page: Page): Promise<void> {
  await page.waitForFunction(() => !(document.querySelector('[data-testid=status]')?.textContent ?? 'reading').includes('reading'), undefined, { timeout: 120_000, polling: 100 });
}

function readProgress(path: string): [number, number][] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split(' ').map(Number) as [number, number]);
}

function stepResult(rate: number, seconds: number, samples: [number, number][], progress: [number, number][], shown: number): Step {
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

/** Lines per second perf trace prints system-wide while UDP floods a veth pair, counted, not kept. */
function perfPrintRate(seconds: number): number {
  const topology = buildTopology();
  let flood: ChildProcess | null = null;
  try {
    const sender = `const s=require('dgram').createSocket('udp4');const b=Buffer.alloc(64);const end=Date.now()+${(seconds + 2) * 1000};(function go(){for(let i=0;i<200;i++)s.send(b,9,'${topology.namespaceAddress}');if(Date.now()<end)setImmediate(go);else s.close();})();`;
    flood = spawn(process.execPath, ['-e', sender], { stdio: 'ignore' });
    const out = execFileSync(
      'sh',
      ['-c', `timeout -s INT ${seconds} perf trace --no-syscalls -a -e 'net:*' -e skb:kfree_skb -e skb:consume_skb 2>&1 >/dev/null | wc -l`],
      { encoding: 'utf8', maxBuffer: 1024 * 1024 },
    );
    return Number(out.trim()) / seconds;
  } finally {
    flood?.kill('SIGKILL');
    topology.remove();
  }
}
