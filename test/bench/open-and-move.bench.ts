/**
 * A 1,000,000-event file in Chromium through the browser preview, as a user meets it: chosen in
 * the file input; the time to the first frame that shows events and to the frame that shows it
 * loaded whole; the longest task on the window's thread meanwhile, until the packets are split
 * into journeys; the renderer's memory per event then; then 5 s of scripted wheel zooms and
 * drags from the whole trace down to 10 µs and back, with every frame's time taken from
 * requestAnimationFrame and the most vis-timeline item elements in the DOM at any frame.
 * Each run is a fresh page.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { BenchReport } from './bench-report';
import { installProbe, percentile, readProbe, startRecording } from './page-probe';

const EVENTS = 1_000_000;
const MOVE_MS = 5_000;
const NARROWEST_US = 10;
const LOAD_TIMEOUT_MS = 300_000;
/** A look at the view between moves, every so many wheel steps and after each drag. */
const REST_MS = 400;
const WHEELS_BETWEEN_RESTS = 16;

interface Run {
  firstFrameMs: number;
  loadedMs: number;
  longestTaskMs: number;
  bytesPerEvent: number;
  heapMB: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  maxItems: number;
}

export async function benchOpenAndMove(browser: Browser, url: string, tracePath: string, report: BenchReport, runs: number): Promise<void> {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await oneRun(browser, url, tracePath));
  const add = (key: string, label: string, unit: string, pick: (r: Run) => number): void => report.add({ key, label, unit, runs: results.map(pick) });
  add('open1MFirstFrameMs', 'open 1M events: choosing the file to first frame with events', 'ms', (r) => r.firstFrameMs);
  add('open1MLoadedMs', 'open 1M events: choosing the file to all loaded and drawn', 'ms', (r) => r.loadedMs);
  add('open1MLongestTaskMs', "open 1M events: longest task on the window's thread, choosing the file to packets split", 'ms', (r) => r.longestTaskMs);
  add('bytesPerEvent', 'renderer memory per event: JS heaps (page and workers) + typed arrays, shared ones included, journeys included (after − before)', 'B', (r) => r.bytesPerEvent);
  add('heapAfterLoadMB', 'renderer memory (as above), 1M events loaded', 'MB', (r) => r.heapMB);
  add('frameP50Ms', 'zoom/pan 5 s: frame time p50', 'ms', (r) => r.p50);
  add('frameP95Ms', 'zoom/pan 5 s: frame time p95', 'ms', (r) => r.p95);
  add('frameP99Ms', 'zoom/pan 5 s: frame time p99', 'ms', (r) => r.p99);
  add('frameMaxMs', 'zoom/pan 5 s: longest frame', 'ms', (r) => r.max);
  add('maxDomItems', 'zoom/pan 5 s: most item elements in the DOM', 'items', (r) => r.maxItems);
}

async function oneRun(browser: Browser, url: string, tracePath: string): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    await installProbe(page, `${EVENTS.toLocaleString('en')} events`);
    await page.goto(url);
    await page.getByTestId('file-input').waitFor({ state: 'attached' });
    const cdp = await page.context().newCDPSession(page);
    const before = await heapBytes(page, cdp);
    await page.getByTestId('file-input').setInputFiles(tracePath);
    // A load that never finishes is a figure too (NaN, printed as null), not the end of the run.
    await page.waitForFunction(() => (window.skbBench?.loadedAt ?? 0) > 0, undefined, { timeout: LOAD_TIMEOUT_MS, polling: 200 }).catch(() => undefined);
    const loaded = await readProbe(page);
    // Memory with the packets split into journeys, which the window does after loading.
    const split = await page.getByTestId('journeys').waitFor({ timeout: LOAD_TIMEOUT_MS }).then(
      () => true,
      () => false,
    );
    const after = await heapBytes(page, cdp);
    await cdp.detach();

    await page.waitForTimeout(500);
    const opened = await readProbe(page);
    await startRecording(page);
    await zoomAndPan(page);
    const moved = await readProbe(page);
    return {
      firstFrameMs: loaded.firstFrameAt > 0 ? loaded.firstFrameAt - loaded.chosenAt : Number.NaN,
      loadedMs: loaded.loadedAt > 0 ? loaded.loadedAt - loaded.chosenAt : Number.NaN,
      longestTaskMs: split ? opened.longestTaskMs : Number.NaN,
      bytesPerEvent: split ? memoryGrowth(before, after) / EVENTS : Number.NaN,
      heapMB: (after.total - Math.min(after.shared, after.binWorker)) / 1e6,
      p50: percentile(moved.frameTimes, 50),
      p95: percentile(moved.frameTimes, 95),
      p99: percentile(moved.frameTimes, 99),
      max: Math.max(...moved.frameTimes),
      maxItems: moved.maxItems,
    };
  } finally {
    await page.close();
  }
}

/**
 * What the page holds, after a full GC: its JS heap, its workers' heaps, and every typed array's
 * memory, shared ones included. The Runtime domain's heap usage leaves SharedArrayBuffers out (the
 * trace's times and rows lie in them); the browser's own measurement has them, but counts them
 * twice: in the page, and again in the binning worker, which holds views of the same memory. So
 * `shared` (what the page's own measure has beyond the Runtime domain's) is taken off the binning
 * worker's once, by memoryGrowth. The browser measures only a cross-origin isolated page, which
 * the app is.
 */
async function heapBytes(page: Page, cdp: CDPSession): Promise<Memory> {
  const measured = page.evaluate(async () => {
    if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated: its memory cannot be measured whole');
    // Chromium's, not yet in TypeScript's DOM typings.
    type Breakdown = { bytes: number; attribution: { scope: string; url: string }[] }[];
    const perf = performance as Performance & { measureUserAgentSpecificMemory(): Promise<{ breakdown: Breakdown }> };
    return (await perf.measureUserAgentSpecificMemory()).breakdown;
  });
  // The measurement is taken at the next garbage collection: this one.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const breakdown = await measured;
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const inScope = (test: (scope: string, url: string) => boolean): number =>
    breakdown.filter((b) => b.attribution.some((a) => test(a.scope, a.url))).reduce((sum, b) => sum + b.bytes, 0);
  const page_ = inScope((scope) => scope === 'Window');
  const shared = Math.max(0, page_ - usage.usedSize - (usage.backingStorageSize ?? 0));
  const binWorker = inScope((scope, url) => scope === 'DedicatedWorkerGlobalScope' && url.includes('bin-worker'));
  return { total: breakdown.reduce((sum, b) => sum + b.bytes, 0), shared, binWorker };
}

interface Memory {
  total: number;
  shared: number;
  binWorker: number;
}

/** What loading added, the shared memory counted once. */
function memoryGrowth(before: Memory, after: Memory): number {
  return after.total - before.total - Math.max(0, Math.min(after.shared - before.shared, after.binWorker - before.binWorker));
}

async function spanUs(page: Page): Promise<number> {
  const axis = page.getByTestId('time-axis');
  const [s, e] = await Promise.all([axis.getAttribute('data-start-us'), axis.getAttribute('data-end-us')]);
  return Number(e) - Number(s);
}

/**
 * Wheel in to 10 µs around the middle, drag both ways, wheel back out to the whole trace, looking
 * now and then (every few wheel steps, and after the drags); again until 5 s are up. The looks are
 * rests long enough for the window to draw events as items again (it paints them while the view
 * moves), so those frames are measured too.
 */
async function zoomAndPan(page: Page): Promise<void> {
  const panel = await page.locator('.vis-panel.vis-center').boundingBox();
  if (!panel) throw new Error('timeline not on screen');
  const x = panel.x + panel.width / 2;
  const y = panel.y + Math.min(100, panel.height / 2);
  const whole = await spanUs(page);
  const end = Date.now() + MOVE_MS;
  await page.mouse.move(x, y);
  while (Date.now() < end) {
    for (let i = 0; i < 400 && Date.now() < end && (i % 8 !== 0 || (await spanUs(page)) > NARROWEST_US); i++) {
      await page.mouse.wheel(0, -400);
      if (i % WHEELS_BETWEEN_RESTS === WHEELS_BETWEEN_RESTS - 1) await page.waitForTimeout(REST_MS);
    }
    await page.waitForTimeout(REST_MS);
    await drag(page, x, y, panel.width * 0.3);
    await drag(page, x, y, -panel.width * 0.3);
    await page.waitForTimeout(REST_MS);
    for (let i = 0; i < 400 && Date.now() < end && (i % 8 !== 0 || (await spanUs(page)) < whole); i++) {
      await page.mouse.wheel(0, 400);
      if (i % WHEELS_BETWEEN_RESTS === WHEELS_BETWEEN_RESTS - 1) await page.waitForTimeout(REST_MS);
    }
    await drag(page, x, y, panel.width * 0.2);
  }
}

async function drag(page: Page, x: number, y: number, dx: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y, { steps: 12 });
  await page.mouse.up();
}
