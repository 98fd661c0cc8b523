/**
 * `npm run bench`: the speed and size figures, each measured in this run, medians over several
 * runs. Not part of `npm test`: timings on a shared 2-core machine belong here, not in pass/fail tests.
 * `npm run bench -- --json` ends with one JSON object of every median; `--runs=N` sets the runs;
 * `--quick` makes a short pass (fewer runs, 10 s live steps); `--only=parse,open,plain,live,perf,export`
 * measures some figures alone; `--rates=50000,100000` sets the live rates tried.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../support/chromium';
import { missingBuild, startPreview } from '../support/preview';
import { missingChromium } from '../support/requirements';
import { syntheticTrace } from '../support/synthetic-trace';
import { BenchReport } from './bench-report';
import { benchExport } from './export-png.bench';
import { benchLive } from './live-capture.bench';
import { benchLivePerf } from './live-perf.bench';
import { benchOpenAndMove } from './open-and-move.bench';
import { benchParse } from './parse.bench';
import { benchPlainTimeline } from './plain-timeline.bench';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? (quick ? 1 : 3));
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (name: string): boolean => !only || only.includes(name);

const browserFigures = ['open', 'plain', 'live', 'perf', 'export'].filter(wanted);
// The parse figures run in Node: they need neither a build nor Chromium.
const missing = browserFigures.length > 0 ? (missingChromium() ?? missingBuild()) : null;
if (missing) {
  console.error(`bench: ${missing}`);
  process.exit(1);
}

const report = new BenchReport();
if (wanted('parse')) await benchParse(report, Math.max(runs, 5));
if (browserFigures.length > 0) await benchInBrowser();
report.finish(json);

async function benchInBrowser(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skbscope-bench-'));
  const preview = await startPreview();
  const browser = await launchChromium();
  try {
    const million = join(dir, 'million.txt');
    writeFileSync(million, syntheticTrace({ events: 1_000_000, seed: 1 }));
    if (wanted('open')) await benchOpenAndMove(browser, preview.url, million, report, runs);
    if (wanted('plain')) await benchPlainTimeline(browser, preview.url, dir, report, [{ events: 10_000, runs: quick ? 1 : 2 }, { events: 50_000, runs: 1 }]);
    const rates = process.argv.find((a) => a.startsWith('--rates='))?.slice(8).split(',').map(Number);
    if (wanted('live')) await benchLive(browser, dir, report, { stepSeconds: quick ? 10 : 60, ...(rates ? { rates } : {}) });
    if (wanted('live') || wanted('perf')) await benchLivePerf(browser, report, quick ? 10 : 60);
    if (wanted('export')) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
      await page.goto(preview.url);
      await benchExport(page, million, report, runs);
      await page.close();
    }
  } finally {
    await browser.close();
    await preview.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
