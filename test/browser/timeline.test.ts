import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceFromText } from '../../shared/trace/trace-builder';
import {
  type AppSession,
  browserTestsCanRun,
  domItemCount,
  eventDot,
  eventItems,
  openApp,
  openFileByInput,
  openPingSample,
  rowLabels,
  settledWindow,
  visibleWindow,
  xOfTime,
} from '../support/app-page';
import { readFixture } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';

describe.runIf(browserTestsCanRun())('the timeline in Chromium', () => {
  let app: AppSession;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('starts empty, offering to open a file, the sample, and a capture', async () => {
    const empty = app.page.getByTestId('empty-state');
    await expect(empty.getByRole('button', { name: /Open a trace file/ }).isEnabled()).resolves.toBe(true);
    await expect(empty.getByRole('button', { name: /Open the sample: ping/ }).isEnabled()).resolves.toBe(true);
    // Capturing is offered once the backend has said it can (its first message on the connection).
    await expect.poll(() => empty.getByRole('button', { name: /Start a capture/ }).isEnabled()).toBe(true);
  });

  it('shows the ping sample as three device rows in order, every event a dot in its packet’s colour', async () => {
    const { page } = app;
    await openPingSample(page);
    expect(await rowLabels(page)).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
    expect(await eventItems(page).count()).toBe(20);
    const colours = await page.locator('.vis-item.vis-dot.ev').evaluateAll((dots) =>
      dots.map((d) => getComputedStyle(d).borderTopColor),
    );
    expect(colours).toHaveLength(20);
    expect(new Set(colours).size).toBe(2);
    const legend = await page.getByTestId('legend').locator('[data-color]').evaluateAll((s) =>
      s.map((x) => getComputedStyle(x).backgroundColor),
    );
    expect(new Set(legend)).toEqual(new Set(colours));
    await expect(page.getByTestId('status').textContent()).resolves.toMatch(/20 events.*3 devices.*2 packets.*355 µs/);
  });

  it('labels the axis in µs from the trace’s start', async () => {
    const labels = await app.page.getByTestId('time-axis').locator('.tick-label').allTextContents();
    expect(labels).toContain('0 µs');
    expect(labels).toContain('300 µs');
  });

  it('selects a packet from the legend: its events stand out, the others dim, its hops are listed', async () => {
    const { page } = app;
    await page.getByTestId('legend').getByRole('button', { name: /0xffff88810b474200/ }).click();
    await expect(page.locator('.vis-item.vis-dot.ev-selected').count()).resolves.toBe(10);
    await expect(page.locator('.vis-item.vis-dot.ev-dimmed').count()).resolves.toBe(10);
    const hops = page.getByTestId('hops');
    await expect(hops.locator('.path').textContent()).resolves.toBe('eth0 → vethb3f1c2a → docker0');
    const deltas = await hops.locator('.hop-delta').allTextContents();
    expect(deltas[0]).toBe('start');
    expect(deltas[1]).toBe('+13 µs');
    expect(deltas).toHaveLength(10);
    await page.screenshot({ path: `${SCREENSHOTS}/ping-reply-selected.png` });
  });

  it('shows every field of a clicked event and selects its packet', async () => {
    const { page } = app;
    await eventDot(page, 1).click();
    const details = page.getByTestId('details');
    await expect(details.locator('h2').textContent()).resolves.toBe('net:net_dev_start_xmit');
    const text = (await details.textContent()) ?? '';
    for (const s of ['28.000 µs from start', 'docker0', 'ping/9049', 'transport_offset', '0xffff88810b474800']) expect(text).toContain(s);
    await expect(page.getByTestId('hops').locator('.path').textContent()).resolves.toBe('docker0 → vethb3f1c2a → eth0');
    await page.keyboard.press('Escape');
    await expect(page.locator('.vis-item.vis-dot.ev-dimmed').count()).resolves.toBe(0);
  });

  it('zooms and pans with the keyboard and fits back with F', async () => {
    const { page } = app;
    const span = (w: { startUs: number; endUs: number }): number => w.endUs - w.startUs;
    const before = await settledWindow(page);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(async () => span(await visibleWindow(page))).toBeLessThan(span(before) / 3);
    const zoomed = await settledWindow(page);
    await page.keyboard.press('ArrowRight');
    const right = await settledWindow(page);
    expect(right.startUs).toBeGreaterThan(zoomed.startUs);
    expect(span(right)).toBeCloseTo(span(zoomed), 0);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const left = await settledWindow(page);
    expect(left.startUs).toBeLessThan(zoomed.startUs);
    await page.keyboard.press('-');
    await expect.poll(async () => span(await visibleWindow(page))).toBeGreaterThan(span(left) * 1.5);
    await page.keyboard.press('f');
    await expect.poll(async () => span(await visibleWindow(page))).toBeCloseTo(span(before), 0);
  });

  it('opens a file with Ctrl+O, through the browser’s file chooser in the preview', async () => {
    const { page } = app;
    // A click on the status bar first, so the page has the focus a person's window has.
    await page.getByTestId('status').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), page.keyboard.press('Control+o')]);
    await chooser.setFiles({ name: 'udp-drop.txt', mimeType: 'text/plain', buffer: Buffer.from(readFixture('udp-closed-port-drop.btf.txt')) });
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/22 events.*3 devices.*2 packets/);
    await openPingSample(page);
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/20 events/);
  });

  it('zooms in with the wheel until two events 10 µs apart stand clearly apart', async () => {
    const { page } = app;
    const text = readFixture('tcp-bulk-20MB.btf.txt');
    await openFileByInput(page, 'tcp-bulk.txt', text);
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/9,165 events/);
    // Two neighbours on one row, about 10 µs apart, in the thick of the transfer.
    const { table } = traceFromText(text);
    const eth0 = table.rows().findIndex((r) => r.device === 'eth0');
    const indices = table.rowEvents(eth0);
    const gap = (k: number): number => table.time(indices[k + 1] as number) - table.time(indices[k] as number);
    let k = Math.floor(indices.length / 2);
    while (!(gap(k) >= 9 && gap(k) <= 11)) k++;
    const [a, b] = [indices[k] as number, indices[k + 1] as number];
    const at = table.time(a);
    // Fitted, they share a density bar: neither is drawn on its own.
    expect(await eventDot(page, a).count()).toBe(0);

    const panel = (await page.locator('.vis-panel.vis-center').boundingBox())!;
    const y = panel.y + 140;
    let maxItems = 0;
    for (let step = 0; step < 60; step++) {
      await page.mouse.move(await xOfTime(page, at), y);
      await page.mouse.wheel(0, -400);
      // Events are painted while the view moves and become items once it rests: look after each step.
      await page.waitForTimeout(250);
      maxItems = Math.max(maxItems, await domItemCount(page));
      if ((await eventDot(page, a).count()) && (await eventDot(page, b).count())) {
        const [ba, bb] = [await eventDot(page, a).boundingBox(), await eventDot(page, b).boundingBox()];
        if (ba && bb && bb.x - (ba.x + ba.width) >= 4) break;
      }
    }
    const [ba, bb] = [await eventDot(page, a).boundingBox(), await eventDot(page, b).boundingBox()];
    expect(ba && bb && bb.x - (ba.x + ba.width)).toBeGreaterThanOrEqual(4);
    const w = await visibleWindow(page);
    expect(w.endUs - w.startUs).toBeLessThan(2000);
    expect(maxItems).toBeLessThanOrEqual(2000);
    const labels = await page.getByTestId('time-axis').locator('.tick-label').allTextContents();
    expect(labels.every((l) => / (µs|ms)$/.test(l))).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/tcp-zoomed.png` });
  });

  it('paints the events while the wheel turns, and makes them items again (to hover and click) once the view rests', async () => {
    const { page } = app;
    // Zoomed in on tcp-bulk by the test before: its events are items.
    await expect.poll(() => eventItems(page).count()).toBeGreaterThan(0);
    const panel = (await page.locator('.vis-panel.vis-center').boundingBox())!;
    await page.mouse.move(panel.x + panel.width / 2, panel.y + 140);
    let fewest = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 8; step++) {
      await page.mouse.wheel(0, 100);
      await page.waitForTimeout(40);
      fewest = Math.min(fewest, await eventItems(page).count());
    }
    await page.screenshot({ path: `${SCREENSHOTS}/tcp-zooming-out.png` });
    expect(fewest).toBe(0);
    await expect.poll(() => eventItems(page).count(), { timeout: 5_000 }).toBeGreaterThan(0);
  });

  it('ran without a page error', () => {
    expect(app.errors).toEqual([]);
  });
});
