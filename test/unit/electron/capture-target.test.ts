import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalTarget } from '../../../electron/capture/local-target';
import { wrapperCommand, PERF_WRAPPER, WRAPPER_NAME } from '../../../electron/capture/perf-wrapper';
import { findProgram, searchDirs } from '../../../electron/capture/program-path';
import { BUILT_IN_TRACEPOINTS, tracepointsFromPerfList, tracepointsFromTracefs, unmatchedEvents } from '../../../electron/capture/tracepoints';
import { tracefsLike } from '../../support/tracefs-like';

let dir: string;
let events: string;
let empty: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-target-'));
  events = await tracefsLike(dir);
  empty = join(dir, 'empty-bin');
  await mkdir(empty);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
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
    expect(await findProgram('sh', [empty, '/bin'])).toBe('/bin/sh');
    expect(await findProgram('/bin/sh', [])).toBe('/bin/sh');
    expect(await findProgram('nosuch-program', ['/bin'])).toBeNull();
    expect(await findProgram(dir, [])).toBeNull();
    expect(await findProgram('', ['/bin'])).toBeNull();
    // A file without execute permission is no program, even to root.
    const plain = join(dir, 'plain');
    await mkdir(plain);
    await writeFile(join(plain, 'tool'), '#!/bin/sh\n', { mode: 0o644 });
    expect(await findProgram('tool', [plain])).toBeNull();
    await chmod(join(plain, 'tool'), 0o755);
    expect(await findProgram('tool', [plain])).toBe(join(plain, 'tool'));
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
