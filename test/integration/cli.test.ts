import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { missingForCaptures } from '../support/capture-requirements';
import { FIXTURES, fixturePath } from '../support/fixtures';
import { kernelDropReasons } from '../support/kernel-drop-reasons';
import { expectNoneLeft, markedEnv } from '../support/processes';
import { requireOrSkip } from '../support/requirements';

const CLI = fileURLToPath(new URL('../../dist/cli/skbscope.cjs', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const built = requireOrSkip(existsSync(CLI) ? null : 'dist/cli/skbscope.cjs is missing: run `npm run build` first');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runWith(process.env, ...args);
}

function runWith(env: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(built)('skbscope info', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skbscope-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(FIXTURES)('prints the counts of $file as one JSON object', (fx) => {
    const r = run('info', fixturePath(fx.file));
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const info = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({
      format: fx.layout,
      events: fx.events,
      devices: fx.devices,
      skbaddrs: fx.skbaddrs,
      skippedLines: 0,
    });
    expect(typeof info.spanMicros).toBe('number');
  });

  it('gives the span in microseconds: 355 for the ping sample', () => {
    const info = JSON.parse(run('info', fixturePath('ping-bridge-veth.btf.txt')).stdout) as { spanMicros: number };
    expect(info.spanMicros).toBe(355);
  });

  it('counts skipped lines (not # comments) and says "mixed" for a file in several layouts', () => {
    const file = join(dir, 'mixed.txt');
    writeFileSync(
      file,
      '# header\n     0.000 a/1 net:netif_rx(skbaddr: 0x1, len: 1, name: "eth0")\n     0.010 a/1 net:netif_rx(dev=lo skbaddr=0x2 len=1)\nnoise\n',
    );
    const info = JSON.parse(run('info', file).stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ format: 'mixed', events: 2, devices: ['eth0', 'lo'], skbaddrs: 2, spanMicros: 10, skippedLines: 1 });
    // `# header` is a comment, not a `# key : value` line.
    expect(info.metadata).toEqual({});
  });

  it('prints the header of a trace as metadata: the first value of each `# key : value` line', () => {
    const file = join(dir, 'headed.txt');
    writeFileSync(
      file,
      '# ========\n# hostname : web-1\n# Perf Version : 6.1\n# hostname : later\n# not a key value\n     0.000 a/1 net:netif_rx(skbaddr: 0x1, len: 1, name: "eth0")\n',
    );
    expect((JSON.parse(run('info', file).stdout) as { metadata: unknown }).metadata).toEqual({ hostname: 'web-1', 'perf version': '6.1' });
  });

  it.runIf(requireOrSkip(missingForCaptures()))('prints the header of a capture it saved: where, when and how it was captured', () => {
    const { mark, env } = markedEnv();
    const out = join(dir, 'saved-ping.txt');
    const capture = runWith(env, 'capture', '-e', 'net:net_dev_queue', '-o', out, '--', 'ping', '-c1', '-W2', '127.0.0.1');
    expect(capture.status, capture.stderr).toBe(0);
    const r = run('info', out);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const info = JSON.parse(r.stdout) as { events: number; devices: string[]; metadata: Record<string, string> };
    // The request (and, when its softirq runs in ping's context, the reply) queued on lo.
    expect(info.events).toBeGreaterThanOrEqual(1);
    expect(info.devices).toEqual(['lo']);
    const perfVersion = spawnSync('perf', ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(info.metadata).toEqual({
      'captured on': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      hostname: hostname(),
      'os release': release(),
      'perf version': perfVersion,
      cmdline: 'perf trace --no-syscalls -e net:net_dev_queue -- ping -c1 -W2 127.0.0.1',
      'skbscope version': VERSION,
      // So that `info` names the drops of a trace from another kernel by that kernel's own table.
      'skb drop reasons': kernelDropReasons(),
    });
    // Captured just now.
    expect(Math.abs(Date.parse(info.metadata['captured on'] ?? '') - Date.now())).toBeLessThan(60_000);
    return expectNoneLeft(mark);
  });

  it.runIf(requireOrSkip(missingForCaptures()))('stops a capture at --max-events, keeps every event and says how to raise the cap', () => {
    const { mark, env } = markedEnv();
    const out = join(dir, 'capped.txt');
    // Ten pings over two seconds, each a dozen events on lo; the cap is reached on the first.
    const startedAt = Date.now();
    const capture = runWith(env, 'capture', '-e', 'net:*', '--max-events', '5', '-o', out, '--', 'ping', '-c10', '-i', '0.2', '127.0.0.1');
    expect(capture.status, capture.stderr).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(1800);
    expect(capture.stderr).toContain('skbscope: the capture reached its cap of 5 events, so perf was stopped as Ctrl+C would; to capture more, raise the cap with --max-events N\n');
    const written = /stopped; (\d+) events \(\d+ bytes from perf\) written to /.exec(capture.stderr);
    const info = JSON.parse(run('info', out).stdout) as { events: number; skippedLines: number };
    expect(info.events).toBe(Number(written?.[1]));
    expect(info.events).toBeGreaterThanOrEqual(5);
    expect(info.events).toBeLessThan(60);
    expect(info.skippedLines).toBe(0);
    return expectNoneLeft(mark);
  });

  it('exits 1 with a plain message for a file that does not exist', () => {
    const r = run('info', join(dir, 'nope.txt'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/nope\.txt does not exist/);
  });

  it('exits 1 for a folder, and for a file it may not read', () => {
    expect(run('info', dir).stderr).toMatch(/is a folder/);
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'x');
    chmodSync(secret, 0o000);
    // root reads any file; run as an unprivileged user where there is one.
    const r = process.getuid?.() === 0
      ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'info', secret], { encoding: 'utf8' })
      : spawnSync(process.execPath, [CLI, 'info', secret], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/permission denied/i);
  });

  it('prints the counts for a file that is not a trace, and says so on stderr', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello\nworld\n');
    const r = run('info', file);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'none', events: 0, skippedLines: 2 });
    expect(r.stderr).toMatch(/no perf tracepoint events/);
  });

  it('explains its usage when called wrongly', () => {
    const r = run('info');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Usage:/);
  });
});

describe.runIf(built)('skbscope info on packets', () => {
  it('counts journeys, drops by reason, and benign frees', () => {
    const ping2 = JSON.parse(run('info', fixturePath('ping2-system-wide.perf-script.txt')).stdout) as Record<string, unknown>;
    expect(ping2).toMatchObject({ journeys: 5, drops: { NOT_SPECIFIED: 1 }, benignFrees: 2 });
    // perf trace prints the reason as a number; without the kernel's table in the header it stays one.
    const udp = JSON.parse(run('info', fixturePath('udp-closed-port-drop.btf.txt')).stdout) as Record<string, unknown>;
    expect(udp).toMatchObject({ journeys: 2, drops: { '3': 1 }, benignFrees: 0 });
  });
});
