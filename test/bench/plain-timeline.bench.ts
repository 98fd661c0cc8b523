/**
 * The plain way, side by side: the same synthetic events handed to vis-timeline as one DataSet of
 * point items (one group per device row, no stacking), in a blank page of the same Chromium, timed
 * from creating the Timeline to its first frame. Skbscope's own figure for the same trace size is
 * measured in the same run (the app page, the file input, first frame with events).
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { traceFromText } from '../../shared/trace/trace-builder';
import { syntheticTrace } from '../support/synthetic-trace';
import type { BenchReport } from './bench-report';
import { installProbe, readProbe } from './page-probe';

const require = createRequire(import.meta.url);
const VIS_JS = require.resolve('vis-timeline/standalone/umd/vis-timeline-graph2d.min.js');
const VIS_CSS = require.resolve('vis-timeline/styles/vis-timeline-graph2d.min.css');

interface PlainItem {
  id: number;
  group: number;
  start: number;
}

/** Gives up on a plain render after this long (the architecture notes measured 52 s at 10,000 and a crash at 50,000). */
const PLAIN_TIMEOUT_MS = 120_000;

export async function benchPlainTimeline(browser: Browser, url: string, dir: string, report: BenchReport, sizes: readonly { events: number; runs: number }[]): Promise<void> {
  for (const { events, runs } of sizes) {
    const text = syntheticTrace({ events, seed: 7 });
    const path = `${dir}/plain-${events}.txt`;
    writeFileSync(path, text);
    const { items, groups } = plainItems(text);
    const plain: number[] = [];
    const ours: number[] = [];
    for (let r = 0; r < runs; r++) {
      plain.push(await plainFirstRender(browser, items, groups));
      ours.push(await skbscopeFirstFrame(browser, url, path, events));
    }
    const k = `${events / 1000}k`;
    report.add({ key: `plain${k}FirstRenderMs`, label: `plain vis-timeline DataSet, ${events.toLocaleString('en')} items: first render (null: none in ${PLAIN_TIMEOUT_MS / 1000} s or crashed)`, unit: 'ms', runs: plain });
    report.add({ key: `skbscope${k}FirstFrameMs`, label: `Skbscope, same ${events.toLocaleString('en')} events: choosing the file to first frame`, unit: 'ms', runs: ours });
    report.add({ key: `plain${k}RatioToSkbscope`, label: `plain / Skbscope first frame, ${events.toLocaleString('en')} events`, unit: '×', runs: plain.map((p, i) => p / (ours[i] as number)) });
  }
}

function plainItems(text: string): { items: PlainItem[]; groups: string[] } {
  const { table } = traceFromText(text);
  const items: PlainItem[] = [];
  // vis-timeline keeps whole milliseconds: the plain way loses every µs, which is part of the point.
  for (let e = 0; e < table.count; e++) items.push({ id: e, group: table.rowOf(e), start: Math.round(table.time(e) / 1000) });
  return { items, groups: table.rows().map((r) => r.label) };
}

async function plainFirstRender(browser: Browser, items: PlainItem[], groups: string[]): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  let crashed = false;
  page.on('crash', () => (crashed = true));
  try {
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="tl" style="height:800px"></div></body></html>');
    await page.addStyleTag({ path: VIS_CSS });
    await page.addScriptTag({ path: VIS_JS });
    const run = page.evaluate(
      ({ items, groups }) =>
        new Promise<number>((resolve) => {
          const vis = (window as unknown as { vis: { DataSet: new (d: unknown[]) => unknown; Timeline: new (...a: unknown[]) => { on(e: string, f: () => void): void } } }).vis;
          const t0 = performance.now();
          const data = new vis.DataSet(items.map((i) => ({ ...i, type: 'point', content: '' })));
          const groupData = new vis.DataSet(groups.map((content, id) => ({ id, content })));
          const el = document.getElementById('tl');
          const timeline = new vis.Timeline(el, data, groupData, { stack: false, showCurrentTime: false });
          let done = false;
          timeline.on('changed', () => {
            if (done) return;
            done = true;
            requestAnimationFrame(() => resolve(performance.now() - t0));
          });
        }),
      { items, groups },
    );
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), PLAIN_TIMEOUT_MS));
    const ms = await Promise.race([run.catch(() => Number.NaN), timeout]);
    return crashed ? Number.NaN : ms;
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function skbscopeFirstFrame(browser: Browser, url: string, path: string, events: number): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    await installProbe(page, `${events.toLocaleString('en')} events`);
    await page.goto(url);
    await page.getByTestId('file-input').setInputFiles(path);
    await page.waitForFunction(() => (window.skbBench?.loadedAt ?? 0) > 0, undefined, { timeout: 120_000, polling: 100 });
    const p = await readProbe(page);
    return p.firstFrameAt - p.chosenAt;
  } finally {
    await page.close();
  }
}
