import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, browserTestsCanRun, eventDot, openApp, openFileByInput, rowLabels } from '../support/app-page';

/** Device names, commands and field values come from files people send each other. */
const EVIL = '<img src=x onerror="window.__pwned=1">';
const TRACE = [
  `     0.000 ${EVIL}/1 net:net_dev_queue(skbaddr: 0xffff1, len: 98, name: "${EVIL.replace(/"/g, '\\"')}")`,
  `     0.010 ${EVIL}/1 net:netif_rx(skbaddr: 0xffff1, len: 84, name: "<script>window.__pwned=2</script>")`,
  `     0.020 x/1 net:net_dev_xmit(dev=<svg/onload=window.__pwned=3> skbaddr=0xffff1 len=98 extra=<b>bold</b>)`,
].join('\n');

describe.runIf(browserTestsCanRun())('strings from a trace', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('are shown as text and run nothing, in rows, details, hops, tooltips and exports', async () => {
    const { page } = app;
    await openFileByInput(page, 'evil.txt', TRACE);
    await expect.poll(() => rowLabels(page)).toEqual([EVIL, '<script>window.__pwned=2</script>', '<svg/onload=window.__pwned=3>']);
    await eventDot(page, 0).hover();
    await eventDot(page, 0).click();
    await expect(page.getByTestId('details').textContent()).resolves.toContain(`${EVIL}/1`);
    await eventDot(page, 2).click();
    await expect(page.getByTestId('details').textContent()).resolves.toContain('<b>bold</b>');
    await page.keyboard.press('Control+e');
    await page.getByRole('dialog', { name: 'Export as PNG' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], script:not([src]), svg[onload]').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
