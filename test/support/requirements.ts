/**
 * Tests that need a real tool (Chromium, perf, sshd, root) run for real. In CI a missing tool is a
 * failure, never a silent skip; on a developer's machine the test is skipped with one line saying why.
 */
import { existsSync } from 'node:fs';

export const IN_CI = process.env.CI === 'true';

export const CHROMIUM_PATH = process.env.SKBSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/** Why a requirement is missing, or null when it is met. */
export function missingChromium(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
}

/**
 * Returns true when the tests may run. Outside CI a missing requirement prints its reason and
 * returns false; in CI it throws, so the suite fails.
 */
export function requireOrSkip(missing: string | null): boolean {
  if (missing === null) return true;
  if (IN_CI) throw new Error(`CI requires this: ${missing}`);
  console.warn(`skipped: ${missing}`);
  return false;
}
