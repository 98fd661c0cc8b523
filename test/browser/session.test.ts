import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, browserTestsCanRun, openApp, openFileByInput, openPingSample, rowLabels, settledWindow, visibleWindow } from '../support/app-page';
import { fixturePath, readFixture } from '../support/fixtures';

describe.runIf(browserTestsCanRun())('sessions', () => {
  let app: AppSession;
  let saved = '';

  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('saves the trace with its view: range, selected packet, hidden rows', async () => {
    const { page } = app;
    await openPingSample(page);
    await page.getByTestId('legend').getByRole('button', { name: /0xffff88810b474200/ }).click();
    await page.getByText(/^Rows/).click();
    await page.getByLabel('Show vethb3f1c2a').uncheck();
    const fitted = await settledWindow(page);
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await visibleWindow(page)).startUs).toBeGreaterThan(fitted.startUs);
    const before = await settledWindow(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    expect(download.suggestedFilename()).toBe('ping-through-docker0-and-a-veth.skbscope');
    saved = readFileSync((await download.path()) as string, 'utf8');
    expect(saved.split('\n')[0]).toBe('# skbscope session : 1');
    const view = JSON.parse(saved.split('\n')[1]?.replace('# skbscope view : ', '') ?? '') as Record<string, unknown>;
    expect(view).toMatchObject({ selected: { packet: 1, skbaddr: '0xffff88810b474200' }, hiddenRows: ['vethb3f1c2a'] });
    expect(view.range).toEqual(before);
  });

  it('reopens to exactly that view', async () => {
    const { page } = app;
    await openPingSample(page);
    await page.keyboard.press('f');
    expect(await rowLabels(page)).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
    await openFileByInput(page, 'ping.skbscope', saved);
    await expect.poll(() => rowLabels(page)).toEqual(['docker0', 'eth0']);
    await settledWindow(page);
    const view = JSON.parse(saved.split('\n')[1]?.replace('# skbscope view : ', '') ?? '') as { range: { startUs: number; endUs: number } };
    const w = await visibleWindow(page);
    expect(w.startUs).toBeCloseTo(view.range.startUs, 3);
    expect(w.endUs).toBeCloseTo(view.range.endUs, 3);
    await expect(page.getByTestId('legend').getByRole('button', { pressed: true }).textContent()).resolves.toMatch(/0xffff88810b474200/);
    await expect(page.getByTestId('hops').locator('.path').textContent()).resolves.toBe('eth0 → vethb3f1c2a → docker0');
  });

  it('refuses a session from a newer Skbscope, saying so, and keeps what is open', async () => {
    const { page } = app;
    const status = await page.getByTestId('status').textContent();
    await openFileByInput(page, 'future.skbscope', saved.replace('# skbscope session : 1', '# skbscope session : 9'));
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/future\.skbscope cannot be opened\. This session was saved by a newer Skbscope/);
    await expect(page.getByTestId('status').textContent()).resolves.toBe(status);
    expect(await rowLabels(page)).toEqual(['docker0', 'eth0']);
  });

  it('refuses a damaged session the same way', async () => {
    const { page } = app;
    const lines = saved.split('\n');
    const damaged = [lines[0], (lines[1] ?? '').slice(0, 60), ...lines.slice(2)].join('\n');
    await openFileByInput(page, 'cut.skbscope', damaged);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/cut\.skbscope cannot be opened\. This session file is damaged/);
    expect(await rowLabels(page)).toEqual(['docker0', 'eth0']);
  });

  it('ran without a page error', () => {
    expect(app.errors).toEqual([]);
  });
});

describe.runIf(browserTestsCanRun())('a session of a file the backend opened', () => {
  it('is written by the backend from its copy of the file and downloads whole', async () => {
    const app = await openApp([fixturePath('ping-bridge-veth.libtraceevent.txt')]);
    try {
      await expect.poll(() => app.page.getByTestId('status').textContent()).toMatch(/20 events/);
      const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.keyboard.press('Control+s')]);
      expect(download.suggestedFilename()).toBe('ping-bridge-veth.libtraceevent.skbscope');
      const text = readFileSync((await download.path()) as string, 'utf8');
      const lines = text.split('\n');
      expect(lines[0]).toBe('# skbscope session : 1');
      expect(lines[1]).toMatch(/^# skbscope view : \{"range":/);
      expect(lines.slice(2).join('\n')).toBe(readFixture('ping-bridge-veth.libtraceevent.txt'));
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
