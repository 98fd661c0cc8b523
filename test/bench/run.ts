/**
 * `npm run bench`: the speed and size figures, each measured in this run, medians over several
 * runs. Not part of `npm test`: timings on a shared 2-core machine belong here, not in pass/fail tests.
 * `npm run bench -- --json` ends with one JSON object of every median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../support/chromium';
import { missingBuild, startPreview } from '../support/preview';
import { missingChromium } from '../support/requirements';
import { BenchReport } from './bench-report';
import { benchExport } from './export-png.bench';

const json = process.argv.includes('--json');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);

const missing = missingChromium() ?? missingBuild();
if (missing) {
  console.error(`bench: ${missing}`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'skbscope-bench-'));
const report = new BenchReport();
const preview = await startPreview();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
  await page.goto(preview.url);
  await benchExport(page, join(dir, 'million.txt'), report, runs);
} finally {
  await browser.close();
  await preview.stop();
  rmSync(dir, { recursive: true, force: true });
}
report.finish(json);
