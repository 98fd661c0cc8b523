/** This machine as a capture target, read with its own perf (as root, which may read tracefs). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequestResult } from '../../shared/api-validate';
import { readLocalTarget } from '../../electron/capture/local-target';
import { TRACEFS_EVENT_DIRS, tracepointsFromTracefs } from '../../electron/capture/tracepoints';
import { missingPerf, missingRoot } from '../support/capture-requirements';
import { requireOrSkip } from '../support/requirements';
import { tracefsLike } from '../support/tracefs-like';

const canRun = requireOrSkip(missingRoot() ?? missingPerf());
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

describe.runIf(canRun)('readLocalTarget', () => {
  let dir: string;
  let events: string;
  /** perf as the shell finds it, and what it says it is. */
  let perf: string;
  let perfVersion: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skbscope-target-it-'));
    events = await tracefsLike(dir);
    perf = execFileSync('sh', ['-c', 'command -v perf'], { encoding: 'utf8' }).trim();
    perfVersion = execFileSync(perf, ['--version'], { encoding: 'utf8' }).trim();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('describes this machine, with perf and the first tracefs it can read', async () => {
    // A PATH as a desktop launch may give: perf's folder, no sbin.
    const perfDir = dirname(perf);
    const local = await readLocalTarget({ env: { ...process.env, PATH: perfDir }, eventDirs: [join(dir, 'nowhere'), events], uid: 0 });
    expect(local.target).toEqual({
      where: 'this machine',
      hostname: hostname(),
      kernel: release(),
      perfVersion,
      isRoot: true,
      canElevate: false,
      elevateWith: null,
      tracepoints: [
        { subsystem: 'net', events: ['net:net_dev_queue', 'net:netif_rx'] },
        { subsystem: 'skb', events: ['skb:kfree_skb'] },
        { subsystem: 'tcp', events: ['tcp:tcp_probe'] },
      ],
      tracepointSource: 'tracefs',
      problem: null,
    });
    expect(parseRequestResult('captureTarget', local.target).ok).toBe(true);
    expect(local.perfPath).toBe(perf);
    expect(local.env.PATH?.split(':')).toEqual([perfDir, ...SBIN.filter((d) => d !== perfDir)]);
  });

  it('asks perf list when tracefs cannot be read, and gets what the kernel has', async () => {
    const local = await readLocalTarget({ eventDirs: [join(dir, 'nowhere')], uid: 0 });
    expect(local.target.tracepointSource).toBe('perf list');
    expect(local.target.problem).toBeNull();
    const kernels = TRACEFS_EVENT_DIRS.find((d) => existsSync(d)) ?? '';
    expect(local.target.tracepoints).toEqual(await tracepointsFromTracefs(kernels));
    expect(local.target.tracepoints.map((g) => g.subsystem)).toEqual(expect.arrayContaining(['net', 'skb']));
  });

  it('offers pkexec to a user when it is installed, never to root', async () => {
    // Only its presence counts here; it is never run.
    const bin = join(dir, 'with-pkexec');
    await mkdir(bin);
    await writeFile(join(bin, 'pkexec'), '#!/bin/sh\n');
    await chmod(join(bin, 'pkexec'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const user = await readLocalTarget({ env, eventDirs: [events], uid: 1000 });
    expect(user.target).toMatchObject({ isRoot: false, canElevate: true, elevateWith: 'pkexec', perfVersion, problem: null });
    expect(user.pkexecPath).toBe(join(bin, 'pkexec'));
    const root = await readLocalTarget({ env, eventDirs: [events], uid: 0 });
    expect(root.target).toMatchObject({ isRoot: true, canElevate: false, elevateWith: null });
    expect(root.pkexecPath).toBeNull();
  });
});
