// Renders build/icons/skbscope.svg to the PNG sizes Linux desktops use, with Debian's Chromium
// (the same one the browser tests drive). Run it after changing the SVG; the PNGs are committed.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const here = new URL('.', import.meta.url);
const svg = readFileSync(new URL('skbscope.svg', here), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.SKBSCOPE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
    await page.screenshot({ path: new URL(`${size}x${size}.png`, here).pathname, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
