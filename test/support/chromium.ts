/** Debian's Chromium, driven by playwright-core (no browser download). */
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './requirements';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
