import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequestResult } from '../../../shared/api-validate';
import { readLocalTarget } from '../../../electron/capture/local-target';
import { wrapperCommand, PERF_WRAPPER, WRAPPER_NAME } from '../../../electron/capture/perf-wrapper';
import { findProgram, searchDirs } from '../../../electron/capture/program-path';
import { BUILT_IN_TRACEPOINTS, tracepointsFromPerfList, tracepointsFromTracefs, unmatchedEvents } from '../../../electron/capture/tracepoints';
import { type FakePerf, makeFakePerf } from '../../support/fake-perf';

let dir: string;
let fake: FakePerf;
let events: string;
let empty: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-target-'));
  fake = await makeFakePerf();
  // A tracefs events folder as the kernel lays it out: a folder per tracepoint, files beside them.
  events = join(dir, 'events');
  for (const tp of ['net/netif_rx', 'net/net_dev_queue', 'skb/kfree_skb', 'sched/sched_switch', 'tcp/tcp_probe']) await mkdir(join(events, tp), { recursive: true });
  for (const file of ['enable', 'net/enable', 'net/filter']) await writeFile(join(events, file), '0\n');
  await mkdir(join(events, 'udp'));
  empty = join(dir, 'empty-bin');
  await mkdir(empty);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await fake.remove();
});

describe('tracepoints', () => {
  it('reads the packet subsystems from tracefs, folders only, sorted', async () => {
    expect(await tracepointsFromTracefs(events)).toEqual([
      { subsystem: 'net', events: ['net:net_dev_queue', 'net:netif_rx'] },
      { subsystem: 'skb', events: ['skb:kfree_skb'] },
      { subsystem: 'tcp', events: ['tcp:tcp_probe'] },
    ]);
    expect(await tracepointsFromTracefs(join(dir, 'not-mounted'))).toBeNull();
  });

  it('reads perf list --raw-dump', () => {
    expect(tracepointsFromPerfList('sched:sched_switch net:netif_rx skb:kfree_skb\nnet:net_dev_queue  page_pool:page_pool_state_hold xdp')).toEqual([
      { subsystem: 'net', events: ['net:net_dev_queue', 'net:netif_rx'] },
      { subsystem: 'skb', events: ['skb:kfree_skb'] },
      { subsystem: 'page_pool', events: ['page_pool:page_pool_state_hold'] },
    ]);
  });

  it('tells which names and globs match nothing', () => {
    const groups = [{ subsystem: 'net', events: ['net:net_dev_queue', 'net:netif_rx'] }];
    expect(unmatchedEvents(['net:*', 'net:netif_?x', 'net:netif_rx', 'net:nosuch', 'net:no*', 'skb:*', 'net:netif.rx'], groups)).toEqual([
      'net:nosuch',
      'net:no*',
      'skb:*',
      'net:netif.rx',
    ]);
  });
});

describe('readLocalTarget', () => {
  it('describes this machine, with perf and tracefs', async () => {
    const env = await fake.env({});
    const local = await readLocalTarget({ env, eventDirs: [join(dir, 'nowhere'), events], uid: 0 });
    expect(local.target).toEqual({
      hostname: hostname(),
      kernel: release(),
      perfVersion: 'perf version 0.0.fake',
      isRoot: true,
      canElevate: false,
      tracepoints: [
        { subsystem: 'net', events: ['net:net_dev_queue', 'net:netif_rx'] },
        { subsystem: 'skb', events: ['skb:kfree_skb'] },
        { subsystem: 'tcp', events: ['tcp:tcp_probe'] },
      ],
      tracepointSource: 'tracefs',
      problem: null,
    });
    expect(parseRequestResult('captureTarget', local.target).ok).toBe(true);
    expect(local.perfPath).toBe(join(fake.dir, 'perf'));
    expect(local.env.PATH?.split(':')).toEqual(expect.arrayContaining([fake.dir, '/usr/local/sbin', '/usr/sbin', '/sbin']));
  });

  it('asks perf list when tracefs cannot be read', async () => {
    const local = await readLocalTarget({ env: await fake.env({}), eventDirs: [join(dir, 'nowhere')], uid: 0 });
    expect(local.target.tracepointSource).toBe('perf list');
    expect(local.target.tracepoints.map((g) => g.subsystem)).toEqual(['net', 'skb']);
  });

  it('offers pkexec to a user when it is installed, never to root', async () => {
    const bin = join(dir, 'with-pkexec');
    await mkdir(bin);
    await writeFile(join(bin, 'pkexec'), '#!/bin/sh\n');
    await chmod(join(bin, 'pkexec'), 0o755);
    const env = await fake.env({});
    const user = await readLocalTarget({ env: { ...env, PATH: `${bin}:${env.PATH}` }, eventDirs: [events], uid: 1000 });
    expect(user.target).toMatchObject({ isRoot: false, canElevate: true });
    expect(user.pkexecPath).toBe(join(bin, 'pkexec'));
    const root = await readLocalTarget({ env: { ...env, PATH: `${bin}:${env.PATH}` }, eventDirs: [events], uid: 0 });
    expect(root.target).toMatchObject({ isRoot: true, canElevate: false });
  });

  it('falls back to the built-in list, and says why, when neither can be read', async () => {
    const local = await readLocalTarget({ env: { PATH: empty }, eventDirs: [join(dir, 'nowhere')], uid: 1000 });
    expect(local.target.tracepointSource).toBe('built-in');
    expect(local.target.tracepoints).toEqual(BUILT_IN_TRACEPOINTS);
    expect(local.perfPath).toBeNull();
    expect(local.target.perfVersion).toBeNull();
    // perf missing says most: without it nothing can be captured.
    expect(local.target.problem).toMatch(/^perf is not installed on this machine/);
    expect(local.target.problem).toContain('sudo apt install linux-perf');
  });
});

describe('finding programs', () => {
  it('searches PATH, then the sbin folders a desktop launch often lacks', () => {
    expect(searchDirs('/opt/bin:/usr/bin:relative::/usr/bin')).toEqual(['/opt/bin', '/usr/bin', '/usr/local/sbin', '/usr/sbin', '/sbin']);
    expect(searchDirs(undefined)).toEqual(['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin']);
  });

  it('finds an executable file by name or path, and nothing else', async () => {
    expect(await findProgram('perf', [empty, fake.dir])).toBe(join(fake.dir, 'perf'));
    expect(await findProgram('sh', ['/bin'])).toBe('/bin/sh');
    expect(await findProgram('/bin/sh', [])).toBe('/bin/sh');
    expect(await findProgram('nosuch-program', [fake.dir])).toBeNull();
    expect(await findProgram(dir, [])).toBeNull();
    expect(await findProgram('', ['/bin'])).toBeNull();
  });
});

describe('the wrapper command', () => {
  it('passes perf and its arguments as positional arguments, never as shell text', () => {
    const args = ['trace', '-e', "net:*'; rm -rf /", '--', 'ping', '$(reboot)'];
    expect(wrapperCommand('/usr/bin/perf', args, null)).toEqual({ file: '/bin/sh', args: ['-c', PERF_WRAPPER, WRAPPER_NAME, '/usr/bin/perf', ...args] });
    expect(wrapperCommand('/usr/bin/perf', args, '/usr/bin/pkexec')).toEqual({
      file: '/usr/bin/pkexec',
      args: ['/bin/sh', '-c', PERF_WRAPPER, WRAPPER_NAME, '/usr/bin/perf', ...args],
    });
  });
});
