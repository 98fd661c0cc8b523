/**
 * Real perf, with and without the app: `perf trace -a` on the net tracepoints and the skb frees
 * while UDP floods a veth pair into a network namespace, as fast as one sender can.
 * - perf alone, its output only counted (as fast as /dev/null): the rate at which perf prints here;
 * - the same capture through the app (system-wide for a set time, from the capture dialog): the
 *   rate perf printed at, every event of it shown, and how long after perf's last event the
 *   window showed it. perf's events carry no wall clock, so lag is taken at the end, where a
 *   window that falls behind is furthest behind.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { MAX_EVENTS_LIMIT } from '../../shared/capture/capture-settings';
import { missingForCaptures } from '../support/capture-requirements';
import { buildTopology } from '../support/netns';
import { startPreview } from '../support/preview';
import type { BenchReport } from './bench-report';
import { captureToEnd, openWithSettings } from './live-page';
import { startUdpFlood } from './udp-flood';

const EVENTS = ['net:*', 'skb:kfree_skb', 'skb:consume_skb'];
/** perf is looked for this often, to know when it printed its last. */
const WATCH_MS = 20;

export async function benchLivePerf(browser: Browser, report: BenchReport, seconds: number): Promise<void> {
  const missing = missingForCaptures();
  if (missing) {
    console.error(`bench: real perf figures skipped: ${missing}`);
    return;
  }
  report.add({ key: 'perfPrintEventsPerSec', label: 'perf trace -a alone, UDP flood in a netns, output only counted', unit: 'ev/s', runs: [perfPrintRate(Math.min(seconds, 10))] });
  const run = await throughTheApp(browser, seconds);
  console.error(`bench: real perf through the app for ${seconds} s: ${run.shown} events shown, the last ${Math.round(run.catchUpMs)} ms after perf ended`);
  report.add({ key: 'livePerfEventsPerSec', label: `perf trace -a through the app for ${seconds} s, every event shown: perf's rate`, unit: 'ev/s', runs: [run.shown / seconds] });
  report.add({ key: 'livePerfCatchUpMs', label: "perf trace -a through the app: perf's last event on screen after perf ended", unit: 'ms', runs: [run.catchUpMs] });
}

/** Lines per second perf trace prints system-wide while UDP floods a veth pair, counted, not kept. */
function perfPrintRate(seconds: number): number {
  const topology = buildTopology();
  const flood = startUdpFlood(topology.namespaceAddress, seconds + 2);
  try {
    const out = execFileSync('sh', ['-c', `timeout -s INT ${seconds} perf trace --no-syscalls -a ${EVENTS.map((e) => `-e '${e}'`).join(' ')} 2>&1 >/dev/null | wc -l`], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    });
    return Number(out.trim()) / seconds;
  } finally {
    flood.kill('SIGKILL');
    topology.remove();
  }
}

async function throughTheApp(browser: Browser, seconds: number): Promise<{ shown: number; catchUpMs: number }> {
  const topology = buildTopology();
  const preview = await startPreview();
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  // perf takes a moment to start: the flood outlasts the capture.
  const flood = startUdpFlood(topology.namespaceAddress, seconds + 15);
  const watch = watchPerf();
  try {
    await openWithSettings(page, preview.url, { events: EVENTS, filters: {}, mode: { kind: 'system', seconds }, maxEvents: MAX_EVENTS_LIMIT });
    const { samples, shown } = await captureToEnd(page, seconds);
    const perfEndedAt = await watch.ended;
    const shownAt = samples.find(([, count]) => count >= shown)?.[0] ?? Number.NaN;
    return { shown, catchUpMs: Math.max(0, shownAt - perfEndedAt) };
  } finally {
    watch.stop();
    flood.kill('SIGKILL');
    await page.close();
    await preview.stop();
    topology.remove();
  }
}

/** When the capture's `perf trace` was last seen (the app's shorter perf queries are not it; this bench runs no other perf trace meanwhile). */
function watchPerf(): { ended: Promise<number>; stop(): void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  const ended = new Promise<number>((resolve) => {
    let seen = false;
    let lastSeen = 0;
    timer = setInterval(() => {
      if (perfTraceRunning()) {
        seen = true;
        lastSeen = Date.now();
      } else if (seen) {
        clearInterval(timer);
        resolve(lastSeen);
      }
    }, WATCH_MS);
  });
  return { ended, stop: () => clearInterval(timer) };
}

function perfTraceRunning(): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'perf' && argv[1] === 'trace') return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}
