/**
 * The wrapper script under the shells a server's /bin/sh may be (dash, bash, busybox ash), with
 * setsid and without it, driving a stand-in for perf that stops on SIGINT as perf does: a stop
 * line, the end of standard input and a SIGINT to the wrapper's process group (what sshd sends
 * for a signal request) each stop it, and its traced command goes with it where setsid is there.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERF_WRAPPER, WRAPPER_NAME } from '../../../electron/capture/perf-wrapper';
import { requireOrSkip } from '../../support/requirements';

/** perf as far as the wrapper can tell: says who it is, starts a command in its group, stops on SIGINT. */
const STAND_IN = `
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const pgid = readFileSync('/proc/self/stat', 'latin1').split(') ')[1].split(' ')[2];
const command = spawn('sleep', ['30'], { stdio: 'ignore' });
process.on('SIGINT', () => {
  process.stderr.write('stopped\\n');
  process.exit(0);
});
process.stderr.write('started ' + process.pid + ' ' + pgid + ' ' + command.pid + '\\n');
setInterval(() => undefined, 1000);
`;

const SHELLS: [string, string[]][] = [
  ['dash', ['/bin/dash']],
  ['bash', ['/bin/bash']],
  ['busybox ash', ['/bin/busybox', 'sh']],
];

const haveBusybox = spawnSync('/bin/busybox', ['true']).error === undefined;
const busyboxReady = requireOrSkip(haveBusybox ? null : 'busybox not found (apt-get install busybox)');

let dir: string;
let standIn: string;
/** Holds sleep but no setsid: a server without util-linux's setsid. */
let withoutSetsid: string;

interface Run {
  wrapper: ChildProcess;
  perfPid: number;
  perfGroup: number;
  commandPid: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function start(shell: string[], path: string): Promise<Run> {
  const [file = '', ...args] = shell;
  // Its own process group, as an SSH session's is.
  const wrapper = spawn(file, [...args, '-c', PERF_WRAPPER, WRAPPER_NAME, process.execPath, standIn], { env: { PATH: path }, stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  wrapper.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => wrapper.once('exit', (code) => resolve(code)));
  await expect.poll(() => /started \d+ \d+ \d+/.test(stderr), { timeout: 10_000 }).toBe(true);
  const [, pid, group, command] = /started (\d+) (\d+) (\d+)/.exec(stderr) ?? [];
  return { wrapper, perfPid: Number(pid), perfGroup: Number(group), commandPid: Number(command), stderr: () => stderr, exited };
}

function alive(pid: number): boolean {
  try {
    // A zombie has ended: only its parent has yet to collect it.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

describe.each(SHELLS)('the perf wrapper under %s', (name, shell) => {
  const runs = name !== 'busybox ash' || busyboxReady;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skbscope-wrapper-'));
    standIn = join(dir, 'perf.cjs');
    writeFileSync(standIn, STAND_IN);
    withoutSetsid = join(dir, 'bin');
    spawnSync('mkdir', [withoutSetsid]);
    symlinkSync(spawnSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).stdout.trim(), join(withoutSetsid, 'sleep'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stops: [string, (run: Run) => void][] = [
    ['a stop line', (run) => run.wrapper.stdin?.write('stop\n')],
    ['the end of its input', (run) => run.wrapper.stdin?.end()],
    ['SIGINT to its process group', (run) => process.kill(-(run.wrapper.pid ?? 0), 'SIGINT')],
  ];

  it.runIf(runs).each(stops)('stops perf on %s, which ends the command perf traced too', async (_how, stop) => {
    const run = await start(shell, process.env.PATH ?? '/usr/bin:/bin');
    // setsid: perf leads a process group of its own.
    expect(run.perfGroup).toBe(run.perfPid);
    stop(run);
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain('stopped');
    await expect.poll(() => alive(run.commandPid), { timeout: 3000 }).toBe(false);
    expect(alive(run.perfPid)).toBe(false);
  });

  it.runIf(runs).each(stops)('stops perf on %s where setsid is missing', async (_how, stop) => {
    const run = await start(shell, withoutSetsid);
    try {
      // No setsid: perf stays in the wrapper's group.
      expect(run.perfGroup).toBe(run.wrapper.pid);
      stop(run);
      expect(await run.exited).toBe(0);
      expect(run.stderr()).toContain('stopped');
      expect(alive(run.perfPid)).toBe(false);
    } finally {
      // Without a group of perf's own, its command is left to end by itself.
      if (alive(run.commandPid)) process.kill(run.commandPid, 'SIGKILL');
    }
  });
});
