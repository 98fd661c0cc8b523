/**
 * The app as a user meets it in a browser test: the real preview server (`npm run web`'s build),
 * Debian's Chromium, and a page with helpers that read what is on screen.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { missingBuild, type RunningPreview, startPreview } from './preview';
import { missingChromium, requireOrSkip } from './requirements';

export const browserTestsCanRun = (): boolean => requireOrSkip(missingChromium() ?? missingBuild());

export interface AppSession {
  preview: RunningPreview;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openApp(
  previewArgs: string[] = [],
  {
    viewport = { width: 1400, height: 820 },
    env = process.env,
    asUser,
  }: { viewport?: { width: number; height: number }; env?: NodeJS.ProcessEnv; asUser?: number } = {},
): Promise<AppSession> {
  const preview = await startPreview(previewArgs, env, { asUser });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(preview.url);
  return {
    preview,
    browser,
    page,
    errors,
    close: async () => {
      await browser.close();
      await preview.stop();
    },
  };
}

/** From the empty state's button, or the toolbar's sample list once a trace is open. */
export async function openPingSample(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /Open the sample/ });
  if (await button.count()) await button.click();
  else await page.getByRole('combobox', { name: 'Open a sample' }).selectOption('ping');
  await eventItems(page).nth(19).waitFor();
}

/** Device row labels, top to bottom. */
export async function rowLabels(page: Page): Promise<string[]> {
  return page.locator('.vis-labelset .vis-label .row-label').allTextContents();
}

/** The dot of one event (vis-timeline gives a point item two elements: the item and its dot). */
export function eventDot(page: Page, event: number): Locator {
  return page.locator(`.vis-item.vis-dot.e-${event}`);
}

/** Every event drawn as itself. */
export function eventItems(page: Page): Locator {
  return page.locator('.vis-item.vis-point.ev');
}

/** The visible window, as the axis reports it. */
export async function visibleWindow(page: Page): Promise<{ startUs: number; endUs: number }> {
  const axis = page.getByTestId('time-axis');
  const [s, e] = await Promise.all([axis.getAttribute('data-start-us'), axis.getAttribute('data-end-us')]);
  return { startUs: Number(s), endUs: Number(e) };
}

/** The visible window once it has stopped moving (the axis follows vis-timeline a frame later). */
export async function settledWindow(page: Page): Promise<{ startUs: number; endUs: number }> {
  let last = await visibleWindow(page);
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(60);
    const now = await visibleWindow(page);
    if (now.startUs === last.startUs && now.endUs === last.endUs) return now;
    last = now;
  }
  throw new Error('the timeline did not stop moving');
}

/** Screen x of trace time `us` in the timeline's drawing area. */
export async function xOfTime(page: Page, us: number): Promise<number> {
  const panel = await page.locator('.vis-panel.vis-center').boundingBox();
  if (!panel) throw new Error('timeline not on screen');
  const w = await visibleWindow(page);
  return panel.x + ((us - w.startUs) / (w.endUs - w.startUs)) * panel.width;
}

/** How many vis-timeline items are in the DOM (a point's dot not counted twice): what the level of detail keeps small. */
export function domItemCount(page: Page): Promise<number> {
  return page.locator('.vis-item:not(.vis-dot)').count();
}

/** Opens a file through the page's file input, as the Open button does in the browser preview. */
export async function openFileByInput(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}
