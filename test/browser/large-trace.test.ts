import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceFromText } from '../../shared/trace/trace-builder';
import { type AppSession, browserTestsCanRun, domItemCount, openApp, openFileByInput, visibleWindow, xOfTime } from '../support/app-page';
import { syntheticTrace } from '../support/synthetic-trace';

const EVENTS = 100_000;
const TEXT = syntheticTrace({ events: EVENTS, seed: 42 });

describe.runIf(browserTestsCanRun())('a 100,000-event trace in Chromium', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens completely and draws density, never more than about 1,500 items', async () => {
    const { page } = app;
    await openFileByInput(page, 'busy-host.txt', TEXT);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 60_000 }).toMatch(/100,000 events/);
    await page.locator('.vis-item.bin').first().waitFor();
    expect(await domItemCount(page)).toBeLessThanOrEqual(2000);
  });

  it('zooms in on a burst down to its single events and back out, keeping the DOM small all the way', async () => {
    const { page } = app;
    const panel = (await page.locator('.vis-panel.vis-center').boundingBox())!;
    const { table } = traceFromText(TEXT);
    const target = table.time(table.sorted(EVENTS / 2));
    const fitted = await visibleWindow(page);
    let most = 0;
    for (let i = 0; i < 60; i++) {
      await page.mouse.move(await xOfTime(page, target), panel.y + 100);
      await page.mouse.wheel(0, -1000);
      await page.waitForTimeout(40);
      most = Math.max(most, await domItemCount(page));
    }
    const zoomed = await visibleWindow(page);
    expect(zoomed.endUs - zoomed.startUs).toBeLessThan((fitted.endUs - fitted.startUs) / 1000);
    expect(zoomed.startUs).toBeLessThan(target);
    expect(zoomed.endUs).toBeGreaterThan(target);
    await expect.poll(() => page.locator('.vis-item.vis-point.ev').count()).toBeGreaterThan(0);
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, 1000);
      await page.waitForTimeout(40);
      most = Math.max(most, await domItemCount(page));
    }
    // Drag to pan, as a user would.
    await page.mouse.move(panel.x + panel.width * 0.7, panel.y + 100);
    await page.mouse.down();
    await page.mouse.move(panel.x + panel.width * 0.3, panel.y + 100, { steps: 10 });
    await page.mouse.up();
    most = Math.max(most, await domItemCount(page));
    expect(most).toBeLessThanOrEqual(2000);
  });

  it('bins in a worker, reading the table where it lies: the page is cross-origin isolated and shares its memory', async () => {
    const { page } = app;
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect.poll(() => page.getByTestId('timeline').getAttribute('data-binning')).toBe('worker');
  });

  it('ran without a page error', () => {
    expect(app.errors).toEqual([]);
  });
});
