import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceFromText } from '../../shared/trace/trace-builder';
import { type AppSession, browserTestsCanRun, eventDot, openApp, openFileByInput, rowLabels, visibleWindow } from '../support/app-page';
import { missingForCaptures } from '../support/capture-requirements';
import { expectNoneLeft, markedEnv } from '../support/processes';
import { requireOrSkip } from '../support/requirements';
import { garbageCommand, stderrGarbage } from '../support/stderr-garbage';

const canRun = browserTestsCanRun() && requireOrSkip(missingForCaptures());

describe.runIf(canRun)('capturing from the browser preview', () => {
  let app: AppSession;
  let traffic: ChildProcess | null = null;
  const { mark, env } = markedEnv();
  const eventCount = async (): Promise<number> => Number(((await app.page.getByTestId('capture-events').textContent()) ?? '0').replace(/,/g, ''));
  const status = (): Promise<string | null> => app.page.getByTestId('capture-status').textContent();

  beforeAll(async () => {
    app = await openApp([], { env });
  });
  afterAll(async () => {
    traffic?.kill('SIGKILL');
    await app?.close();
    await expectNoneLeft(mark, 10_000);
  });

  it('starts system-wide from the dialog and shows events while perf runs', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /Start a capture/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New capture' });
    await expect.poll(() => dialog.getByTestId('capture-target').textContent()).toMatch(/This machine: .* · Linux .* · perf version/);
    await dialog.getByRole('button', { name: 'net:* + drops' }).click();
    await dialog.getByLabel(/The whole system/).check();
    // Every capture has a cap, unless the user raises it.
    await expect(dialog.getByLabel('Maximum events').inputValue()).resolves.toBe('5000000');
    await expect(dialog.getByTestId('command-line').textContent()).resolves.toBe(
      "perf trace --no-syscalls -a -e 'net:*' -e skb:kfree_skb -e skb:consume_skb",
    );
    await dialog.getByRole('button', { name: 'Start capture' }).click();
    await expect.poll(status).toMatch(/Capturing/);

    traffic = spawn('ping', ['-i', '0.2', '127.0.0.1'], { stdio: 'ignore' });
    await expect.poll(eventCount, { timeout: 15_000 }).toBeGreaterThan(0);
    const early = await eventCount();
    const earlyWindow = await visibleWindow(page);
    await expect.poll(eventCount, { timeout: 15_000 }).toBeGreaterThan(early + 10);
    // The ping's row comes when its events do: skb frees elsewhere (the 'other' row) can fill the count first.
    await expect.poll(() => rowLabels(page), { timeout: 15_000 }).toContain('lo');
    // The view follows the capture: it widens to show the newest events as they come.
    await expect.poll(async () => (await visibleWindow(page)).endUs, { timeout: 15_000 }).toBeGreaterThan(earlyWindow.endUs + 1_000_000);
  });

  it('stops with Stop and keeps every event captured', async () => {
    const { page } = app;
    const before = await eventCount();
    await page.getByTestId('capture-bar').getByRole('button', { name: 'Stop' }).click();
    // perf prints what its buffers still hold before it exits: on a busy machine that takes a while.
    await expect.poll(status, { timeout: 30_000 }).toMatch(/^Stopped/);
    traffic?.kill('SIGKILL');
    // The last of perf's output may still be parsing: wait until the trace is whole.
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 15_000 }).not.toMatch(/reading/);
    const after = await eventCount();
    expect(after).toBeGreaterThanOrEqual(before);
    await expect(page.getByTestId('status').textContent()).resolves.toMatch(new RegExp(`^${after.toLocaleString('en')} events`));
  });

  let savedText = '';
  it('saves the capture as a trace file: the header, then perf’s output', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save…' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^skbscope-.*\.txt$/);
    savedText = readFileSync((await download.path()) as string, 'utf8');
    expect(savedText.startsWith('# ========\n# captured on : ')).toBe(true);
    expect(savedText).toMatch(/^# cmdline : perf trace --no-syscalls -a -e 'net:\*' -e skb:kfree_skb -e skb:consume_skb$/m);
    const saved = traceFromText(savedText);
    expect(saved.table.count).toBe(await eventCount());
    expect(saved.metadata.hostname).toBeTruthy();
  });

  it('reopens the saved file to the same timeline and metadata', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Close' }).first().click();
    await openFileByInput(page, 'saved-capture.txt', savedText);
    const events = traceFromText(savedText).table.count;
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(new RegExp(`${events.toLocaleString('en')} events`));
    await expect.poll(() => page.getByTestId('trace-title').textContent()).toMatch(/saved-capture\.txt — .*perf trace --no-syscalls -a/);
    expect(await rowLabels(page)).toContain('lo');
  });

  it('traces a command until it ends by itself', async () => {
    const { page } = app;
    await page.keyboard.press('F5');
    const dialog = page.getByRole('dialog', { name: 'New capture' });
    await dialog.getByLabel(/Run a command/).check();
    await dialog.getByLabel('Command', { exact: true }).fill('ping -c2 -i 0.2 127.0.0.1');
    await dialog.getByRole('button', { name: 'Start capture' }).click();
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Finished/);
    expect(await eventCount()).toBeGreaterThan(10);
    // An event's fields are read back from the capture's text as the page kept it.
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 15_000 }).not.toMatch(/reading/);
    await page.keyboard.press('f');
    // The ping's events lie on top of each other at this zoom: whichever is on top is clicked.
    await eventDot(page, 0).click({ force: true });
    const details = page.getByTestId('details');
    await expect.poll(() => details.textContent()).toMatch(/ping\/\d+/);
    await expect(details.locator('.fields').textContent()).resolves.toMatch(/skbaddr\s*0x[0-9a-f]+/);
    await page.keyboard.press('Escape');
    await page.getByTestId('capture-bar').getByText('What the command printed').click();
    await expect(page.getByTestId('capture-bar').locator('pre').textContent()).resolves.toMatch(/2 packets transmitted, 2 received/);
  });

  it('stops at the cap the dialog set, keeps every event, and says how to raise the cap', async () => {
    const { page } = app;
    await page.keyboard.press('F5');
    const dialog = page.getByRole('dialog', { name: 'New capture' });
    await dialog.getByLabel('Command', { exact: true }).fill('ping -c20 -i 0.2 127.0.0.1');
    await dialog.getByLabel('Maximum events').fill('5');
    await dialog.getByRole('button', { name: 'Start capture' }).click();
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Stopped at the cap/);
    await expect(page.getByTestId('capture-notice').textContent()).resolves.toBe(
      'The capture reached its cap of 5 events, so perf was stopped as Stop does: every event it printed is kept. To capture more, start a new capture with a higher “Stop after … events”.',
    );
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 15_000 }).not.toMatch(/reading/);
    // The first ping alone is a dozen events on lo; the capture did not wait for the other 19.
    const events = await eventCount();
    expect(events).toBeGreaterThanOrEqual(5);
    expect(events).toBeLessThan(60);
    await page.screenshot({ path: 'test-results/screenshots/capture-capped.png' });
  });

  it('keeps capturing through garbage the traced command writes to perf’s standard error, and counts it as skipped lines', async () => {
    const { page } = app;
    const dir = mkdtempSync(join(tmpdir(), 'skbscope-garbage-'));
    try {
      const garbage = stderrGarbage();
      writeFileSync(join(dir, 'garbage.bin'), garbage);
      await page.keyboard.press('F5');
      const dialog = page.getByRole('dialog', { name: 'New capture' });
      await dialog.getByLabel('Command', { exact: true }).fill(garbageCommand(join(dir, 'garbage.bin')).typed);
      await dialog.getByLabel('Maximum events').fill('5000000');
      await dialog.getByRole('button', { name: 'Start capture' }).click();
      await expect.poll(status, { timeout: 30_000 }).toMatch(/^Finished/);
      await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 }).not.toMatch(/reading/);
      const skipped = traceFromText(garbage.toString('utf8')).totals.skippedLines;
      const shown = Number(/([\d,]+) lines skipped/.exec((await page.getByTestId('status').textContent()) ?? '')?.[1]?.replace(/,/g, ''));
      // perf's own late lines can land inside a garbage line in the pipe they share, splitting it in two.
      expect(shown).toBeGreaterThanOrEqual(skipped);
      expect(shown).toBeLessThanOrEqual(skipped + 30);
      // Three pings before the garbage and three after, each queued on lo at least once.
      expect(await eventCount()).toBeGreaterThanOrEqual(6);
      // (skb:consume_skb may add an "other" row: frees of skbs the command's shell made elsewhere.)
      expect(await rowLabels(page)).toContain('lo');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says plainly when the command does not exist, and keeps the trace on screen', async () => {
    const { page } = app;
    const shown = await page.getByTestId('status').textContent();
    await page.keyboard.press('F5');
    const dialog = page.getByRole('dialog', { name: 'New capture' });
    await dialog.getByLabel('Command', { exact: true }).fill('no-such-command-skbscope --flag');
    await dialog.getByRole('button', { name: 'Start capture' }).click();
    await expect.poll(() => page.getByTestId('capture-problem').textContent().catch(() => ''), { timeout: 15_000 }).toMatch(/no-such-command-skbscope/);
    await expect(page.getByTestId('status').textContent()).resolves.toBe(shown);
    expect(await eventCount()).toBe(0);
    await page.screenshot({ path: 'test-results/screenshots/capture-command-missing.png' });
  });

  it('ran without a page error', () => {
    expect(app.errors).toEqual([]);
  });
});
