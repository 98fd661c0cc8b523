import { copyFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLayout, rowCentre, xOfTime } from '../../shared/export/export-layout';
import { traceFromText } from '../../shared/trace/trace-builder';
import { packetColor } from '../../shared/view/packet-colors';
import { type AppSession, browserTestsCanRun, openApp, openPingSample, visibleWindow } from '../support/app-page';
import { readFixture } from '../support/fixtures';
import { darkPixels, hexToRgb, type Image, missingPngcheck, pngcheckProblem, readPng, rgbAt } from '../support/png';
import { requireOrSkip } from '../support/requirements';

const canRun = browserTestsCanRun() && requireOrSkip(missingPngcheck());
/** The exported images are kept here, to be looked at. */
const KEPT = 'test-results/exports';
const ROWS = [
  { index: 0, label: 'docker0', other: false },
  { index: 1, label: 'vethb3f1c2a', other: false },
  { index: 2, label: 'eth0', other: false },
];

describe.runIf(canRun)('exporting the timeline as PNG', () => {
  let app: AppSession;
  const { table } = traceFromText(readFixture('ping-bridge-veth.btf.txt'));

  beforeAll(async () => {
    mkdirSync(KEPT, { recursive: true });
    app = await openApp();
    await openPingSample(app.page);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function exportPng(options: { width: number; scale: 1 | 2 | 3; whole?: boolean; keepAs?: string }): Promise<{ path: string; img: Image }> {
    const { page } = app;
    await page.keyboard.press('Control+e');
    const dialog = page.getByRole('dialog', { name: 'Export as PNG' });
    if (options.whole) await dialog.getByLabel('The whole trace').check();
    await dialog.getByLabel('Width in pixels').fill(String(options.width));
    await dialog.getByLabel(`${options.scale}×`).check();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export…' }).click()]);
    const path = (await download.path()) as string;
    if (options.keepAs) copyFileSync(path, `${KEPT}/${options.keepAs}`);
    return { path, img: readPng(path) };
  }

  it('writes what is on screen, at the width × scale asked, as a PNG that pngcheck accepts', async () => {
    const window = await visibleWindow(app.page);
    const { path, img } = await exportPng({ width: 1000, scale: 2, keepAs: 'ping-2x.png' });
    expect(pngcheckProblem(path)).toBeNull();
    expect(img.width).toBe(2000);
    const layout = exportLayout({ widthPx: 1000, scale: 2, ...window, originUs: table.startUs, rows: ROWS, legendLines: 0 });
    // Every event stands where the layout puts it, in its packet's colour.
    for (const e of [0, 4, 10, 17]) {
      const x = xOfTime(layout, table.time(e)) * 2;
      const y = (rowCentre(layout, table.rowOf(e)) as number) * 2;
      expect(rgbAt(img, x, y), `event ${e}`).toEqual(hexToRgb(packetColor(table.packetOf(e))));
    }
    // The title and every device name are drawn; the empty space beside the title is not.
    expect(darkPixels(img, scaled(layout.title, 2, { height: 0.5 }))).toBeGreaterThan(400);
    for (const row of layout.rows) {
      expect(darkPixels(img, scaled({ ...row, width: layout.labels.width }, 2)), row.label).toBeGreaterThan(100);
    }
    expect(darkPixels(img, scaled({ x: layout.width - 200, y: layout.title.y, width: 150, height: 20 }, 2))).toBe(0);
    // The axis' tick labels are drawn along it.
    expect(darkPixels(img, scaled(layout.axis, 2))).toBeGreaterThan(200);
  });

  it('leaves out the rows hidden on screen', async () => {
    const { page } = app;
    await page.getByText(/^Rows/).click();
    await page.getByLabel('Show vethb3f1c2a').uncheck();
    const window = await visibleWindow(page);
    const { img } = await exportPng({ width: 1000, scale: 1, keepAs: 'ping-veth-hidden.png' });
    const shown = ROWS.filter((r) => r.label !== 'vethb3f1c2a');
    const layout = exportLayout({ widthPx: 1000, scale: 1, ...window, originUs: table.startUs, rows: shown, legendLines: 0 });
    expect(layout.rows.map((r) => r.label)).toEqual(['docker0', 'eth0']);
    // eth0's events sit on the second row now, where the veth's would have been.
    const e = 10;
    expect(table.rows()[table.rowOf(e)]?.label).toBe('eth0');
    expect(rgbAt(img, xOfTime(layout, table.time(e)), rowCentre(layout, table.rowOf(e)) as number)).toEqual(hexToRgb(packetColor(table.packetOf(e))));
    await page.getByLabel('Show vethb3f1c2a').check();
    const { img: all } = await exportPng({ width: 1000, scale: 1 });
    expect(all.height - img.height).toBe(layout.rows[1]?.height);
  });

  it('dims the other packets and rings the selected one, as on screen', async () => {
    await app.page.getByTestId('legend').getByRole('button', { name: /0xffff88810b474200/ }).click();
    const window = await visibleWindow(app.page);
    const { img } = await exportPng({ width: 900, scale: 1, keepAs: 'ping-reply-selected.png' });
    const layout = exportLayout({ widthPx: 900, scale: 1, ...window, originUs: table.startUs, rows: ROWS, legendLines: 0 });
    const at = (e: number): [number, number, number] => rgbAt(img, xOfTime(layout, table.time(e)), rowCentre(layout, table.rowOf(e)) as number);
    expect(at(12)).toEqual(hexToRgb(packetColor(1)));
    const dimmed = at(2);
    const full = hexToRgb(packetColor(0));
    // Faded towards the white background.
    dimmed.forEach((c, i) => expect(c).toBeGreaterThan(full[i] as number));
    await app.page.keyboard.press('Escape');
  });

  it('draws the whole trace at 3× when asked, wider than the screen', async () => {
    const { path, img } = await exportPng({ width: 4000, scale: 3, whole: true });
    expect(pngcheckProblem(path)).toBeNull();
    expect(img.width).toBe(12_000);
    const layout = exportLayout({ widthPx: 4000, scale: 3, startUs: table.startUs - 7.1, endUs: table.endUs + 7.1, originUs: table.startUs, rows: ROWS, legendLines: 0 });
    const e = 10;
    expect(rgbAt(img, xOfTime(layout, table.time(e)) * 3, (rowCentre(layout, table.rowOf(e)) as number) * 3)).toEqual(hexToRgb(packetColor(table.packetOf(e))));
  });

  it('ran without a page error', () => {
    expect(app.errors).toEqual([]);
  });
});

function scaled(box: { x: number; y: number; width: number; height: number }, s: number, part: { height?: number } = {}): { x: number; y: number; width: number; height: number } {
  return { x: box.x * s, y: box.y * s, width: box.width * s, height: box.height * (part.height ?? 1) * s };
}
