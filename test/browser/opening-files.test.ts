import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, browserTestsCanRun, eventItems, openApp, openFileByInput, openPingSample, rowLabels } from '../support/app-page';
import { fixturePath, readFixture } from '../support/fixtures';

const canRun = browserTestsCanRun();
const status = (app: AppSession): Promise<string | null> => app.page.getByTestId('status').textContent();
const banner = (app: AppSession): Promise<string | null> => app.page.getByRole('alert').textContent();

describe.runIf(canRun)('opening files in the browser preview', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens a file chosen with the file input, in any layout', async () => {
    await openFileByInput(app.page, 'lib.txt', readFixture('ping-bridge-veth.libtraceevent.txt'));
    await expect.poll(() => status(app)).toMatch(/20 events.*3 devices.*2 packets.*perf trace \(libtraceevent\)/);
    expect(await rowLabels(app.page)).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
    await expect(app.page.locator('.toolbar .title').textContent()).resolves.toBe('lib.txt');
  });

  it('opens a file dropped onto the window', async () => {
    const text = readFixture('ping2-system-wide.perf-script.txt');
    const dataTransfer = await app.page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.txt', { type: 'text/plain' }));
      return dt;
    }, text);
    await app.page.dispatchEvent('body', 'dragenter', { dataTransfer });
    await app.page.dispatchEvent('body', 'drop', { dataTransfer });
    await expect.poll(() => status(app)).toMatch(/53 events.*perf script/);
  });

  it('counts the lines that are not events and lists them with why', async () => {
    const text = `# captured on the bridge\n${readFixture('ping-bridge-veth.btf.txt')}LOST 4 events!\nPING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.\n`;
    await openFileByInput(app.page, 'noisy.txt', text);
    await expect.poll(() => status(app)).toMatch(/20 events.*perf lost 4 events.*2 lines skipped/);
    await app.page.getByRole('button', { name: '2 lines skipped' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Skipped lines' });
    const rows = await dialog.locator('tbody tr').allTextContents();
    expect(rows).toEqual([
      '22perf lost 4 events hereLOST 4 events!',
      '23not a perf tracepoint eventPING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.',
    ]);
    await app.page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
  });

  it('says what it expects when a file is not a perf trace, and keeps the trace on screen', async () => {
    await openPingSample(app.page);
    await openFileByInput(app.page, 'notes.txt', 'shopping list\nmilk\n');
    await expect.poll(() => banner(app)).toMatch(/notes\.txt is not a perf trace: none of its 2 lines is a tracepoint event.*perf trace --no-syscalls/);
    expect(await eventItems(app.page).count()).toBe(20);
    await expect(status(app)).resolves.toMatch(/20 events/);
  });

  it('says a file is empty', async () => {
    await openFileByInput(app.page, 'empty.txt', '');
    await expect.poll(() => banner(app)).toMatch(/empty\.txt is empty/);
    await app.page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(app.page.getByRole('alert').count()).resolves.toBe(0);
  });

  it('ran without a page error', () => {
    expect(app.errors).toEqual([]);
  });
});

describe.runIf(canRun)('files named on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skbscope-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the file as the window appears, read through the backend', async () => {
    const app = await openApp([fixturePath('udp-closed-port-drop.btf.txt')]);
    try {
      await expect.poll(() => status(app)).toMatch(/22 events.*3 devices.*2 packets/);
      await expect(app.page.locator('.toolbar .title').textContent()).resolves.toBe('udp-closed-port-drop.btf.txt');
    } finally {
      await app.close();
    }
  });

  it('says plainly when the file cannot be read', async () => {
    const app = await openApp([join(dir, 'gone.txt')]);
    try {
      await expect.poll(() => banner(app)).toMatch(/gone\.txt does not exist/);
      await expect(app.page.getByTestId('empty-state').isVisible()).resolves.toBe(true);
    } finally {
      await app.close();
    }
  });

  it('opens the first of several files and says the others were not opened', async () => {
    const second = join(dir, 'second.txt');
    writeFileSync(second, readFixture('ping-bridge-veth.btf.txt'));
    const app = await openApp([fixturePath('ping3-4tracepoints.btf.txt'), second]);
    try {
      await expect.poll(() => status(app)).toMatch(/18 events/);
      const notice = (): Promise<string | null> => app.page.locator('.banner.notice').textContent();
      await expect.poll(notice).toMatch(/one trace per window: opened ping3-4tracepoints\.btf\.txt; not opened: second\.txt/);
    } finally {
      await app.close();
    }
  });
});

describe.runIf(canRun)('recent files', () => {
  const config = mkdtempSync(join(tmpdir(), 'skbscope-recent-'));
  afterAll(() => rmSync(config, { recursive: true, force: true }));

  it('offers the files opened before in the empty window, and opens one with a click', async () => {
    const env = { ...process.env, XDG_CONFIG_HOME: config };
    const first = await openApp([fixturePath('udp-closed-port-drop.btf.txt')], { env });
    try {
      await expect.poll(() => status(first)).toMatch(/22 events/);
    } finally {
      await first.close();
    }
    const later = await openApp([], { env });
    try {
      const recent = later.page.getByRole('region', { name: 'Recent files' });
      await recent.getByRole('button', { name: 'udp-closed-port-drop.btf.txt' }).click();
      await expect.poll(() => status(later)).toMatch(/22 events.*3 devices/);
    } finally {
      await later.close();
    }
  });
});
