/**
 * Packets as journeys in Chromium: the list beside the timeline, selecting one (highlighted and
 * zoomed to), the search that filters list and timeline, drops named, and a session keeping it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJourneys } from '../../shared/journeys/journeys';
import { traceFromText } from '../../shared/trace/trace-builder';
import { type AppSession, browserTestsCanRun, eventDot, openApp, openFileByInput, openPingSample, settledWindow } from '../support/app-page';
import { readFixture } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';

describe.runIf(browserTestsCanRun())('packet journeys', () => {
  let app: AppSession;
  const ping2 = readFixture('ping2-system-wide.perf-script.txt');
  const { table } = traceFromText(ping2);
  const { journeys } = buildJourneys(table, new Map());

  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const listed = () => app.page.getByTestId('journeys').getByRole('button');

  it('lists one line per packet, though the kernel reused two addresses for five packets', async () => {
    const { page } = app;
    await openFileByInput(page, 'ping2.txt', ping2);
    await expect.poll(() => listed().count()).toBe(5);
    await expect(page.getByTestId('status').textContent()).resolves.toMatch(/5 packets on 2 skbaddrs/);
    const paths = await page.getByTestId('journeys').locator('.journey-path').allTextContents();
    expect(paths.filter((p) => p === 'docker0 → vethb3f1c2a → eth0')).toHaveLength(2);
    // Two replies, and the namespace's IPv6 packet.
    expect(paths.filter((p) => p === 'eth0 → vethb3f1c2a → docker0')).toHaveLength(3);
    // The raw-socket ping's reply copies, freed by ping_rcv, are said to be benign, not drops;
    // the IPv6 packet freed at ip6_mc_input is a drop, with its reason.
    const fates = await page.getByTestId('journeys').locator('.fate').allTextContents();
    await expect.poll(() => page.getByTestId('journeys').locator('.fate').allTextContents()).toEqual(['delivered', 'freed (benign)', 'dropped: NOT_SPECIFIED', 'delivered', 'freed (benign)']);
    expect(fates).toHaveLength(5);
    await expect(page.getByRole('region', { name: 'Drops' }).textContent()).resolves.toMatch(/1\s*NOT_SPECIFIED\s*on docker0.*2 benign frees/);
  });

  it('selects a packet from the list: its events stand out, the rest fade, the timeline zooms to it', async () => {
    const { page } = app;
    const second = journeys.filter((j) => j.path.join(' → ') === 'docker0 → vethb3f1c2a → eth0')[1];
    if (!second) throw new Error('the fixture has two echo requests');
    const fitted = await settledWindow(page);
    await listed().nth(journeys.indexOf(second)).click();
    const w = await settledWindow(page);
    expect(w.startUs).toBeLessThanOrEqual(second.startUs);
    expect(w.endUs).toBeGreaterThanOrEqual(second.endUs);
    expect(w.endUs - w.startUs).toBeLessThan((fitted.endUs - fitted.startUs) / 10);
    for (const e of second.events) await expect(eventDot(page, e).getAttribute('class')).resolves.toContain('ev-selected');
    // The first request used the same address, and is not part of this packet.
    const first = journeys.find((j) => j.packet === second.packet && j.id !== second.id);
    expect(first).toBeDefined();
    await expect(page.getByTestId('hops').locator('.path').textContent()).resolves.toBe('docker0 → vethb3f1c2a → eth0');
    await expect(page.getByTestId('hops').locator('.hop-delta').count()).resolves.toBe(second.events.length);
    await expect(page.locator('.vis-item.round-trip').textContent()).resolves.toMatch(/^round trip \d+ µs$/);
    await expect(page.getByTestId('hops').textContent()).resolves.toMatch(/Round trip \d+ µs \(this request and its reply\)/);
    await page.screenshot({ path: `${SCREENSHOTS}/journey-selected.png` });
    // Seen whole, its reply stays in full colour with it; the first request at the same address fades.
    await page.keyboard.press('f');
    await settledWindow(page);
    const reply = journeys.find((j) => j.startUs > second.endUs && j.path.join(' → ') === 'eth0 → vethb3f1c2a → docker0');
    expect(reply?.events.length).toBeGreaterThan(0);
    for (const e of reply?.events ?? []) await expect(eventDot(page, e).getAttribute('class')).resolves.not.toMatch(/ev-(dimmed|selected)/);
    for (const e of first?.events ?? []) await expect(eventDot(page, e).getAttribute('class')).resolves.toContain('ev-dimmed');
    await page.keyboard.press('Escape');
  });

  it('filters list and timeline by the search: only the dropped packet stays, named by its reason', async () => {
    const { page } = app;
    await openFileByInput(page, 'udp.txt', readFileSync('renderer/samples/udp-closed-port-drop.txt', 'utf8'));
    await expect.poll(() => listed().count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search packets' }).fill('dropped');
    await expect.poll(() => listed().count()).toBe(1);
    await expect(listed().first().textContent()).resolves.toMatch(/docker0 → vethb3f1c2a → eth0.*dropped: NO_SOCKET/);
    const dots = page.locator('.vis-item.vis-dot.ev');
    const dimmed = page.locator('.vis-item.vis-dot.ev-dimmed');
    await expect.poll(() => dimmed.count()).toBeGreaterThan(0);
    const total = await dots.count();
    const { table: udp } = traceFromText(readFixture('udp-closed-port-drop.btf.txt'));
    const dropped = buildJourneys(udp, new Map()).journeys.find((j) => j.fate === 'dropped');
    expect(total - (await dimmed.count())).toBe(dropped?.events.length);
    await expect(page.getByTestId('drop-summary').textContent()).resolves.toMatch(/1\s*NO_SOCKET\s*on eth0/);
    // Selected, it says where the kernel freed it.
    await listed().first().click();
    await expect(page.getByTestId('fate').textContent()).resolves.toBe('dropped: NO_SOCKET on eth0 at 0xffffffff820490cc');
    await page.screenshot({ path: `${SCREENSHOTS}/journeys-dropped.png` });
  });

  it('keeps the search in a saved session and brings it back', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    const saved = readFileSync((await download.path()) as string, 'utf8');
    expect(saved.split('\n')[1]).toContain('"filters":{"search":"dropped"}');
    await page.getByRole('searchbox', { name: 'Search packets' }).fill('');
    await expect.poll(() => listed().count()).toBe(2);
    await openFileByInput(page, 'udp.skbscope', saved);
    await expect.poll(() => page.getByRole('searchbox', { name: 'Search packets' }).inputValue()).toBe('dropped');
    await expect.poll(() => listed().count()).toBe(1);
  });

  it('draws each kernel call a packet spent time in as a bar, entry to exit', async () => {
    const { page } = app;
    await openPingSample(page);
    const spans = page.locator('.vis-item.vis-range.span');
    await expect.poll(() => spans.count()).toBe(3);
    // netif_rx on eth0: entry is event 4 (line 5), exit event 6 (line 7), 26 µs later.
    const [entry, exit, bar] = await Promise.all([eventDot(page, 4).boundingBox(), eventDot(page, 6).boundingBox(), page.locator('.span.s-4').boundingBox()]);
    if (!entry || !exit || !bar) throw new Error('not on screen');
    expect(Math.abs(bar.x - (entry.x + entry.width / 2))).toBeLessThan(3);
    expect(Math.abs(bar.x + bar.width - (exit.x + exit.width / 2))).toBeLessThan(3);
    expect(Math.abs(bar.y + bar.height / 2 - (entry.y + entry.height / 2))).toBeLessThan(3);
    await page.screenshot({ path: `${SCREENSHOTS}/spans.png` });
  });

  it('ran without a page error', () => {
    expect(app.errors).toEqual([]);
  });
});
