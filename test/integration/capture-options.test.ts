/**
 * The capture options a user sets, run for real through the built CLI (the app's own capture code)
 * with real perf, as root, on loopback: a kernel filter and a duration (cli.test.ts runs the event cap).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { traceFromText } from '../../shared/trace/trace-builder';
import { missingForCaptures } from '../support/capture-requirements';
import { CAPTURE_HEADER } from '../support/packet-journeys';
import { expectNoneLeft, markedEnv } from '../support/processes';
import { requireOrSkip } from '../support/requirements';

const CLI = fileURLToPath(new URL('../../dist/cli/skbscope.cjs', import.meta.url));
const canRun = requireOrSkip(missingForCaptures() ?? (existsSync(CLI) ? null : 'dist/cli/skbscope.cjs is missing: run `npm run build` first'));

let dir: string;
let mark: string;

function capture(args: string[]) {
  const marked = markedEnv();
  mark = marked.mark;
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'capture', ...args], { env: { ...marked.env, TMPDIR: dir }, encoding: 'utf8', cwd: dir, timeout: 30_000 });
  return { ...r, seconds: (performance.now() - started) / 1000 };
}

/** The events perf wrote after the file's header. */
function eventsOf(file: string) {
  const text = readFileSync(file, 'utf8');
  const header = CAPTURE_HEADER.exec(text);
  return { header, table: traceFromText(text.slice(header?.[0].length)).table };
}

describe.runIf(canRun)('capture options, for real', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skbscope-options-it-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await expectNoneLeft(mark);
  }, 20_000);

  it('keeps only what the kernel filter lets through: the large pings, not the small ones', () => {
    const out = join(dir, 'filtered.txt');
    const pings = 'ping -c2 -i0.2 -s 56 127.0.0.1; ping -c2 -i0.2 -s 1400 127.0.0.1';
    const r = capture(['-e', 'net:net_dev_queue', '--filter', 'len > 1000', '-o', out, '--', 'sh', '-c', pings]);
    expect(r.status, r.stderr).toBe(0);
    const { header, table } = eventsOf(out);
    expect(header?.[4]).toBe(`perf trace --no-syscalls -e net:net_dev_queue --filter 'len > 1000' -- sh -c '${pings}'`);
    // Two requests and two replies of 1400 bytes of data, each queued on lo once.
    expect(table.count).toBe(4);
    for (let e = 0; e < table.count; e++) {
      expect(table.eventName(e)).toBe('net:net_dev_queue');
      expect(table.len(e)).toBeGreaterThan(1000);
    }
  });

  it('captures system-wide for the seconds asked, then writes the file', () => {
    const out = join(dir, 'two-seconds.txt');
    const r = capture(['-e', 'net:net_dev_queue', '--duration', '2', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.seconds).toBeGreaterThanOrEqual(2);
    expect(r.seconds).toBeLessThan(10);
    const { header } = eventsOf(out);
    expect(header?.[4]).toMatch(/^perf trace --no-syscalls -a -e net:net_dev_queue/);
  });
});
