/**
 * Export of a 1,000,000-event trace as PNG, in Chromium through the browser preview, as a user
 * does it: the whole trace, 2,000 px wide at 2×. Reports the time from Export to the finished file,
 * and the file's size.
 */
import { statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { BenchReport } from './bench-report';

const EVENTS = 1_000_000;

/** `tracePath` holds the 1,000,000-event synthetic trace (seed 1). */
export async function benchExport(page: Page, tracePath: string, report: BenchReport, runs: number): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(tracePath);
  await page.getByTestId('status').filter({ hasText: `${EVENTS.toLocaleString('en')} events` }).filter({ hasNotText: 'reading' }).waitFor({ timeout: 300_000 });
  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [ms, bytes] = await exportOnce(page);
    times.push(ms);
    sizes.push(bytes);
  }
  report.add({ key: 'export1MPngMs', label: 'export 1M events as PNG (2000 px, 2×)', unit: 'ms', runs: times });
  report.add({ key: 'export1MPngBytes', label: 'exported PNG size', unit: 'bytes', runs: sizes });
}

async function exportOnce(page: Page): Promise<[number, number]> {
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export as PNG' });
  await dialog.getByLabel('The whole trace').check();
  await dialog.getByLabel('Width in pixels').fill('2000');
  await dialog.getByLabel('2×').check();
  const start = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), dialog.getByRole('button', { name: 'Export…' }).click()]);
  const path = await download.path();
  const ms = Date.now() - start;
  return [ms, statSync(path as string).size];
}
