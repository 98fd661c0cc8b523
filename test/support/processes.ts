/**
 * Finds the processes a test started, perf and the traced command included: the test gives the
 * capture an environment variable no other process has, and every descendant inherits it.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { vi } from 'vitest';

const MARK_NAME = 'SKBSCOPE_TEST_MARK';

export interface Marked {
  pid: number;
  comm: string;
}

/** A fresh mark, and the environment that carries it (this process's, otherwise). */
export function markedEnv(base: NodeJS.ProcessEnv = process.env): { mark: string; env: NodeJS.ProcessEnv } {
  const mark = randomBytes(8).toString('hex');
  return { mark, env: { ...base, [MARK_NAME]: mark } };
}

/** Living processes (zombies are already gone) that carry the mark. */
export function processesMarked(mark: string): Marked[] {
  const needle = `${MARK_NAME}=${mark}`;
  const found: Marked[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (!environ.includes(needle)) continue;
      // /proc/PID/stat: `pid (comm) state …`; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const close = stat.lastIndexOf(')');
      if (stat.slice(close + 2, close + 3) === 'Z') continue;
      found.push({ pid: Number(entry), comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Waits briefly (a watcher's last short sleep may still be ending), then expects none left. */
export async function expectNoneLeft(mark: string, timeoutMs = 2000): Promise<void> {
  await vi.waitFor(
    () => {
      const left = processesMarked(mark);
      if (left.length > 0) throw new Error(`processes left behind: ${left.map((p) => `${p.comm}[${p.pid}]`).join(', ')}`);
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
