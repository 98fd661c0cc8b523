/**
 * A live capture in the page, as the live figures run it: the capture's settings remembered before
 * the app loads, started from the dialog, and every frame's wall clock and event count (as the
 * capture bar shows it) recorded until the capture is whole, with the window's long tasks.
 */
import type { Page } from 'playwright-core';

/** As source text, for the reason page-probe.ts gives: the remembered capture settings, a wall clock and event count per frame, and the longest task. */
const LIVE_PROBE = `
  localStorage.setItem('skbscope.capture.last', LAST_CAPTURE);
  const live = { samples: [], on: false, longestTaskMs: 0 };
  window.skbLive = live;
  new PerformanceObserver((list) => {
    if (live.on) for (const e of list.getEntries()) live.longestTaskMs = Math.max(live.longestTaskMs, e.duration);
  }).observe({ type: 'longtask' });
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
    skbLive?: { samples: [number, number][]; on: boolean; longestTaskMs: number };
  }
}

export interface LiveRun {
  /** [Date.now(), events shown] per frame. */
  samples: [number, number][];
  /** Events shown once the capture is whole. */
  shown: number;
  /** The longest task on the window's thread from the start until 2 s after the capture was whole (50 ms and more are seen). */
  longestTaskMs: number;
}

/** Opens the app at `url` with these capture settings remembered. */
export async function openWithSettings(page: Page, url: string, settings: unknown): Promise<void> {
  await page.addInitScript({ content: LIVE_PROBE.replace('LAST_CAPTURE', JSON.stringify(JSON.stringify({ target: { kind: 'local' }, settings }))) });
  await page.goto(url);
}

/** Starts the capture from the dialog and follows it to the end, recording every frame meanwhile. */
export async function captureToEnd(page: Page, seconds: number): Promise<LiveRun> {
  await page.getByRole('button', { name: /Start a capture/ }).click();
  const dialog = page.getByRole('dialog', { name: 'New capture' });
  await page.evaluate(() => {
    if (window.skbLive) window.skbLive.on = true;
  });
  await dialog.getByRole('button', { name: 'Start capture' }).click();
  await page.getByTestId('capture-status').filter({ hasText: /Finished|Stopped|failed/i }).waitFor({ timeout: (seconds + 120) * 1000 });
  await page.waitForFunction(() => !(document.querySelector('[data-testid=status]')?.textContent ?? 'reading').includes('reading'), undefined, { timeout: 120_000, polling: 100 });
  const samples = await page.evaluate(() => window.skbLive?.samples ?? []);
  // The count once the capture is whole, read now: the last frame sampled may precede it.
  const shown = Number(((await page.getByTestId('capture-events').textContent()) ?? '0').replace(/,/g, ''));
  // What the window does once the trace is whole (giving back the columns' spare room) counts too.
  await page.waitForTimeout(2000);
  const longestTaskMs = await page.evaluate(() => window.skbLive?.longestTaskMs ?? 0);
  return { samples, shown, longestTaskMs };
}
