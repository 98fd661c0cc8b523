/**
 * What the benchmarks watch inside the page, installed before the app's own scripts run: when the
 * user chose a file, the first frame that showed its events, the frame that showed it loaded whole,
 * every frame's time while recording, the most vis-timeline item elements at any frame, and the
 * longest task on the window's thread since the file was chosen.
 * Counting uses live HTMLCollections, so watching costs next to nothing per frame.
 */
import type { Page } from 'playwright-core';

export interface ProbeResult {
  /** performance.now() when the file input changed. */
  chosenAt: number;
  firstFrameAt: number;
  /** The frame on which the status bar first read `loadedText` without "reading". */
  loadedAt: number;
  frameTimes: number[];
  maxItems: number;
  /** The longest task on the window's thread since the file was chosen (Chromium's long-task observer: 50 ms and up; 0 for none). */
  longestTaskMs: number;
}

declare global {
  interface Window {
    skbBench?: {
      chosenAt: number;
      firstFrameAt: number;
      loadedAt: number;
      loadedText: string;
      recording: boolean;
      last: number;
      frameTimes: number[];
      maxItems: number;
      longestTaskMs: number;
    };
  }
}

/**
 * Installed as source text: functions handed to the page from here would carry the helpers the
 * TypeScript loader adds to named functions, which the page does not have.
 */
const PROBE = `
  const b = { chosenAt: 0, firstFrameAt: 0, loadedAt: 0, loadedText: LOADED_TEXT, recording: false, last: 0, frameTimes: [], maxItems: 0, longestTaskMs: 0 };
  window.skbBench = b;
  new PerformanceObserver(function (list) {
    for (const e of list.getEntries()) if (b.chosenAt > 0 && e.startTime + e.duration > b.chosenAt && e.duration > b.longestTaskMs) b.longestTaskMs = e.duration;
  }).observe({ type: 'longtask' });
  document.addEventListener('change', function (e) {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') b.chosenAt = performance.now();
  }, true);
  const items = document.getElementsByClassName('vis-item');
  const dots = document.getElementsByClassName('vis-dot');
  requestAnimationFrame(function tick(ts) {
    const n = items.length - dots.length;
    if (b.chosenAt > 0) {
      if (b.firstFrameAt === 0 && n > 0) b.firstFrameAt = performance.now();
      if (b.loadedAt === 0) {
        const status = document.querySelector('[data-testid=status]');
        const text = status ? status.textContent : '';
        if (text.includes(b.loadedText) && !text.includes('reading')) b.loadedAt = performance.now();
      }
    }
    if (b.recording) {
      if (b.last > 0) b.frameTimes.push(ts - b.last);
      b.last = ts;
      if (n > b.maxItems) b.maxItems = n;
    }
    requestAnimationFrame(tick);
  });
`;

export async function installProbe(page: Page, loadedText: string): Promise<void> {
  await page.addInitScript({ content: PROBE.replace('LOADED_TEXT', JSON.stringify(loadedText)) });
}

export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const b = window.skbBench;
    if (!b) throw new Error('probe missing');
    b.recording = true;
    b.last = 0;
    b.frameTimes = [];
    b.maxItems = 0;
  });
}

export function readProbe(page: Page): Promise<ProbeResult> {
  return page.evaluate(() => {
    const b = window.skbBench;
    if (!b) throw new Error('probe missing');
    b.recording = false;
    return { chosenAt: b.chosenAt, firstFrameAt: b.firstFrameAt, loadedAt: b.loadedAt, frameTimes: b.frameTimes, maxItems: b.maxItems, longestTaskMs: b.longestTaskMs };
  });
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
