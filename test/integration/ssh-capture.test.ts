/**
 * Captures on a server over SSH, through the app's backend connection as the renderer drives it:
 * the "server" is this machine, reached through Debian's sshd on loopback, so the same ping into
 * a test namespace can be followed as in the local test. Covers connection reuse, Stop, a killed
 * connection and a closed window (no perf left on the server after any of them), perf through
 * sudo with and without a password, and what reaches the server: perf's own argv, and nothing else.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SshPrompt, TargetRef } from '../../shared/api';
import { type CaptureSettings, DEFAULT_MAX_EVENTS } from '../../shared/capture/capture-settings';
import { perfTraceArgs } from '../../shared/capture/perf-argv';
import { traceFromText } from '../../shared/trace/trace-builder';
import { PERF_WRAPPER, WRAPPER_NAME } from '../../electron/capture/perf-wrapper';
import { captureBackend, type CaptureHarness } from '../support/capture-backend';
import { missingForCaptures } from '../support/capture-requirements';
import { buildTopology, removeLeftoverTopologies, type Topology } from '../support/netns';
import { kernelDropReasons } from '../support/kernel-drop-reasons';
import { CAPTURE_HEADER, journeys } from '../support/packet-journeys';
import { expectNoneLeft, processesMarked } from '../support/processes';
import { requireOrSkip } from '../support/requirements';
import { makeSshHome, makeUserKey, type SshHome } from '../support/ssh-home';
import { shellWords } from '../support/shell-words';
import { createTestUser, type RecordingShell, recordingShell, type TestUser } from '../support/ssh-users';
import { missingSshd, startSshd, type TestSshd } from '../support/sshd';

const canRun = requireOrSkip(missingForCaptures() ?? missingSshd());

const PERF = canRun ? execFileSync('sh', ['-c', 'command -v perf'], { encoding: 'utf8' }).trim() : '';
const PERF_VERSION = canRun ? execFileSync('perf', ['--version'], { encoding: 'utf8' }).trim() : '';
/** Two tracepoints rather than net:*, so perf starts quickly. */
const LO_EVENTS = ['net:net_dev_queue', 'net:netif_receive_skb'];

let sshd: TestSshd;
let home: SshHome;
let topology: Topology;
let user: TestUser;
let shell: RecordingShell;
let dir: string;
let opened: CaptureHarness[] = [];
let pinger: ChildProcess | null = null;

/** A backend connection as a renderer has it, answering host key questions with yes and secrets from `secrets`. */
async function app(secrets: (prompt: SshPrompt) => string | null | undefined = () => undefined): Promise<CaptureHarness> {
  const h = await captureBackend({ servers: home.places, answer: (p) => (p.kind === 'host-key' ? 'yes' : secrets(p)) });
  opened.push(h);
  return h;
}

async function server(h: CaptureHarness, login: string): Promise<TargetRef> {
  const entry = await h.request('saveServer', { spec: { host: '127.0.0.1', port: sshd.port, user: login, identityFile: null } });
  return { kind: 'ssh', serverId: entry.id };
}

/** Packets on lo for system-wide captures to see. */
function pingLo(): void {
  pinger = spawn('ping', ['-i', '0.1', '127.0.0.1'], { stdio: 'ignore' });
}

const untilStopped: CaptureSettings = { events: LO_EVENTS, filters: {}, mode: { kind: 'system', seconds: null }, maxEvents: DEFAULT_MAX_EVENTS };
const pingOnce = (address: string, events = ['net:*']): CaptureSettings => ({ events, filters: {}, mode: { kind: 'command', argv: ['ping', '-c1', '-W2', address] }, maxEvents: DEFAULT_MAX_EVENTS });

/** Waits until the capture has sent perf's events, not only its header (whose cmdline names them too). */
async function untilEvents(h: CaptureHarness, captureId: string): Promise<void> {
  await expect.poll(() => traceFromText(h.textOf(captureId)).table.summary().events, { timeout: 10_000 }).toBeGreaterThan(0);
}

describe.runIf(canRun)('capturing on a server over SSH', () => {
  beforeAll(async () => {
    removeLeftoverTopologies();
    topology = buildTopology();
    // DEBUG1 shows the signal requests sshd carries out.
    sshd = await startSshd({ extra: ['LogLevel DEBUG1'] });
    home = await makeSshHome();
    const key = makeUserKey(join(home.ssh, 'id_ed25519'));
    shell = recordingShell();
    user = createTestUser(shell.path);
    sshd.authorize('root', [key.publicLine]);
    sshd.authorize(user.name, [key.publicLine]);
    dir = mkdtempSync(join(tmpdir(), 'skbscope-ssh-capture-'));
  });
  afterAll(async () => {
    user?.remove();
    shell?.remove();
    await sshd?.stop();
    home?.remove();
    topology?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    pinger?.kill('SIGKILL');
    pinger = null;
    await Promise.all(opened.map((h) => h.backend.close()));
    opened = [];
    await expectNoneLeft(sshd.mark, 8000);
  }, 20_000);

  it('follows a ping into a namespace on the server: request bridge → veth → eth0, reply back, on one connection', async () => {
    const h = await app();
    const target = await server(h, 'root');
    expect(await h.request('listServers', {})).toEqual({
      servers: [{ id: target.kind === 'ssh' ? target.serverId : '', source: 'saved', name: `root@127.0.0.1:${sshd.port}`, resolved: `root@127.0.0.1:${sshd.port}` }],
      problem: null,
    });

    const described = await h.request('captureTarget', { target });
    expect(h.prompts().map((p) => p.kind)).toEqual(['host-key']);
    expect(described).toMatchObject({
      where: 'root@127.0.0.1',
      hostname: hostname(),
      kernel: release(),
      perfVersion: PERF_VERSION,
      isRoot: true,
      canElevate: false,
      elevateWith: null,
      tracepointSource: 'tracefs',
      problem: null,
    });
    expect(described.tracepoints.find((g) => g.subsystem === 'net')?.events).toContain('net:net_dev_queue');

    const { captureId, commandLine } = await h.start(pingOnce(topology.namespaceAddress), false, target);
    expect(commandLine).toBe(`perf trace --no-syscalls -e 'net:*' -- ping -c1 -W2 ${topology.namespaceAddress}`);
    const end = await h.ended(captureId, 20_000);
    expect(end).toMatchObject({ outcome: 'finished', exitCode: 0, signal: null, problem: null });
    expect(h.outputOf(captureId)).toContain('1 received');

    const text = h.textOf(captureId);
    const header = CAPTURE_HEADER.exec(text);
    // The header is the server's own, its kernel's drop reasons included.
    expect(header?.slice(1, 6)).toEqual([hostname(), release(), PERF_VERSION, commandLine, kernelDropReasons()]);
    expect(Buffer.byteLength(text.slice(header?.[0].length))).toBe(end.bytes);
    const { request, reply } = journeys(text, topology);
    expect(request).toEqual([topology.bridge, topology.veth, 'eth0']);
    expect(reply).toEqual(['eth0', topology.veth, topology.bridge]);

    // captureTarget's connection was the capture's: one login.
    expect(sshd.log().match(/Accepted publickey for root /g)).toHaveLength(1);
  });

  it('keeps every event and leaves no perf on the server when stopped', async () => {
    const h = await app();
    const target = await server(h, 'root');
    await h.request('captureTarget', { target });
    pingLo();
    const { captureId } = await h.start(untilStopped, false, target);
    await untilEvents(h, captureId);
    expect(processesMarked(sshd.mark).map((p) => p.comm)).toContain('perf');
    expect(await h.request('stopCapture', { captureId })).toEqual({ stopping: true });
    const end = await h.ended(captureId, 15_000);
    expect(end).toMatchObject({ outcome: 'stopped', problem: null });
    expect(end.bytes).toBeGreaterThan(0);
    // The stop line, and a signal request too (which sshd carries out for users other than root).
    expect(sshd.log()).toMatch(/server_input_channel_req: channel \d+ request signal/);
    await expectNoneLeft(sshd.mark, 8000);
  });

  it('ends as interrupted, keeping what arrived and saying why, when the connection drops; perf on the server ends with it', async () => {
    const h = await app();
    const target = await server(h, 'root');
    await h.request('captureTarget', { target });
    pingLo();
    const { captureId } = await h.start(untilStopped, false, target);
    await untilEvents(h, captureId);
    const received = h.textOf(captureId);
    // sshd's process for this session, as when a server reboots or the network drops it.
    for (const pid of sshd.sessionServers()) process.kill(pid, 'SIGKILL');
    const end = await h.ended(captureId, 15_000);
    expect(end).toMatchObject({ outcome: 'interrupted', exitCode: null, signal: null });
    expect(end.problem).toMatchObject({ kind: 'connection', canElevate: false });
    expect(end.problem?.message).toMatch(/^The connection to root@127\.0\.0\.1 was lost during the capture: 127\.0\.0\.1 closed the connection .*Every event received until then is kept\.$/);
    expect(h.textOf(captureId).startsWith(received)).toBe(true);
    await expectNoneLeft(sshd.mark, 8000);

    // The next request connects again, without a question: the host key is known by now.
    expect(await h.request('captureTarget', { target })).toMatchObject({ isRoot: true });
    expect(h.prompts()).toEqual([]);
    expect(sshd.log().match(/Accepted publickey for root /g)?.length).toBeGreaterThan(1);
  });

  it('stops perf on the server when the window goes', async () => {
    const h = await app();
    const target = await server(h, 'root');
    await h.request('captureTarget', { target });
    pingLo();
    const { captureId } = await h.start(untilStopped, false, target);
    await untilEvents(h, captureId);
    h.connection.close();
    await expectNoneLeft(sshd.mark, 10_000);
  });

  it('runs perf through sudo -n for a user whose sudo needs no password, and says so', async () => {
    user.allowSudo(false);
    const h = await app();
    const target = await server(h, user.name);
    expect(await h.request('captureTarget', { target })).toMatchObject({
      where: `${user.name}@127.0.0.1 (perf through sudo -n)`,
      isRoot: false,
      canElevate: false,
      elevateWith: 'sudo',
      // tracefs is root's alone here: the list comes from perf, run through sudo -n.
      tracepointSource: 'perf list',
      problem: null,
    });
    const settings = pingOnce('127.0.0.1', LO_EVENTS);
    const { captureId, commandLine } = await h.start(settings, false, target);
    expect(commandLine).toBe(`sudo -n ${PERF} trace --no-syscalls -e net:net_dev_queue -e net:netif_receive_skb -- ping -c1 -W2 127.0.0.1`);
    expect(await h.ended(captureId, 20_000)).toMatchObject({ outcome: 'finished', problem: null });
    expect(h.textOf(captureId)).toContain('net:net_dev_queue');
    // tracefs is root's: the drop reasons were read through sudo -n too.
    expect(CAPTURE_HEADER.exec(h.textOf(captureId))?.[5]).toBe(kernelDropReasons());
    // What the server's shell received runs exactly this argv, the wrapper as one word.
    expect(shellWords(shell.commands().at(-1) ?? '')).toEqual(['exec', 'sudo', '-n', '/bin/sh', '-c', PERF_WRAPPER, WRAPPER_NAME, PERF, ...perfTraceArgs(settings)]);
  });

  it('stops perf run through sudo, with the stop line and SIGINT through the channel, leaving nothing on the server', async () => {
    user.allowSudo(false);
    const h = await app();
    const target = await server(h, user.name);
    await h.request('captureTarget', { target });
    pingLo();
    const { captureId } = await h.start(untilStopped, false, target);
    await untilEvents(h, captureId);
    expect(processesMarked(sshd.mark).map((p) => p.comm)).toEqual(expect.arrayContaining(['sudo', 'perf']));
    await h.request('stopCapture', { captureId });
    expect(await h.ended(captureId, 15_000)).toMatchObject({ outcome: 'stopped', problem: null });
    expect(sshd.log()).toMatch(/session_signal_req: signal INT, killpg\(\d+, 2\)/);
    await expectNoneLeft(sshd.mark, 8000);
  });

  it('asks for the sudo password (again when wrong), gives it to sudo on standard input, and shows it nowhere', async () => {
    user.allowSudo(true);
    const answers = ['not-the-password', user.password];
    const h = await app((p) => (p.kind === 'secret' && p.purpose === 'sudo-password' ? (answers.shift() ?? null) : undefined));
    const target = await server(h, user.name);
    expect(await h.request('captureTarget', { target })).toMatchObject({ where: `${user.name}@127.0.0.1`, isRoot: false, canElevate: true, elevateWith: 'sudo' });
    const { captureId, commandLine } = await h.start(pingOnce('127.0.0.1', LO_EVENTS), true, target);
    expect(commandLine).toMatch(new RegExp(`^sudo ${PERF} trace `));
    expect(await h.ended(captureId, 20_000)).toMatchObject({ outcome: 'finished', problem: null });
    expect(h.textOf(captureId)).toContain('net:net_dev_queue');
    // Its probe could not read tracefs (sudo was not asked then): no table rather than a wrong one.
    expect(CAPTURE_HEADER.exec(h.textOf(captureId))?.[5]).toBeUndefined();
    expect(h.prompts().flatMap((p) => (p.kind === 'secret' ? [[p.purpose, p.message]] : []))).toEqual([
      ['sudo-password', `[sudo] password for ${user.name}@127.0.0.1:`],
      ['sudo-password', 'Sorry, try again. sudo password:'],
    ]);
    expect(shell.commands().at(-1)).toMatch(/^exec sudo -k -S -p '' \/bin\/sh -c /);

    // Given once for this connection: the next capture on it, after another look at the server, asks nothing.
    await h.request('captureTarget', { target });
    const next = await h.start(pingOnce('127.0.0.1', LO_EVENTS), true, target);
    expect(await h.ended(next.captureId, 20_000)).toMatchObject({ outcome: 'finished', problem: null });
    expect(h.prompts()).toHaveLength(2);
    expect(JSON.stringify(h.log)).not.toContain(user.password);
    expect(shell.commands().join('\n')).not.toContain(user.password);
  });
});

describe.runIf(canRun)('what reaches the server', () => {
  const hostile = ["it's", 'a;b', '$(touch MARK-1)', '`touch MARK-2`', 'two\nlines', '"quoted"', 'back\\slash', '*', '$HOME', ' spaced ', '-e', '', '&& touch MARK-3', '|', '>MARK-4'];

  beforeAll(async () => {
    sshd = await startSshd();
    home = await makeSshHome();
    const key = makeUserKey(join(home.ssh, 'id_ed25519'));
    shell = recordingShell();
    user = createTestUser(shell.path);
    user.allowSudo(false);
    sshd.authorize(user.name, [key.publicLine]);
    dir = mkdtempSync(join(tmpdir(), 'skbscope-ssh-inject-'));
  });
  afterAll(async () => {
    user?.remove();
    shell?.remove();
    await sshd?.stop();
    home?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(opened.map((h) => h.backend.close()));
    opened = [];
    await expectNoneLeft(sshd.mark, 8000);
  }, 20_000);

  const marks = (): string[] => ['MARK-1', 'MARK-2', 'MARK-3', 'MARK-4'].filter((m) => existsSync(join(dir, m)) || existsSync(join('/', m)) || existsSync(m));

  it('hands a command with quotes, ;, $( ), backticks and newlines to perf as its own argv, byte for byte', async () => {
    const h = await app();
    const target = await server(h, user.name);
    await h.request('captureTarget', { target });
    const argv = ['env', '-C', dir, 'printf', '%s\\0', ...hostile];
    const settings: CaptureSettings = { events: ['net:net_dev_queue'], filters: {}, mode: { kind: 'command', argv }, maxEvents: DEFAULT_MAX_EVENTS };
    const { captureId } = await h.start(settings, false, target);
    expect(await h.ended(captureId, 20_000)).toMatchObject({ outcome: 'finished', problem: null });
    // printf wrote back each argument it was given, each ended by a NUL: exactly the ones typed.
    expect(h.outputOf(captureId)).toBe(hostile.map((a) => `${a}\0`).join(''));
    expect(marks()).toEqual([]);
    expect(shellWords(shell.commands().at(-1) ?? '')).toEqual(['exec', 'sudo', '-n', '/bin/sh', '-c', PERF_WRAPPER, WRAPPER_NAME, PERF, ...perfTraceArgs(settings)]);
  });

  it('hands a hostile filter to perf as one argument, which perf then reports as it got it', async () => {
    const h = await app();
    const target = await server(h, user.name);
    await h.request('captureTarget', { target });
    const filter = `len > 0 '; touch ${dir}/MARK-1; $(touch ${dir}/MARK-2) \`touch ${dir}/MARK-3\``;
    const settings: CaptureSettings = { events: ['net:net_dev_queue'], filters: { 'net:net_dev_queue': filter }, mode: { kind: 'command', argv: ['true'] }, maxEvents: DEFAULT_MAX_EVENTS };
    const { captureId } = await h.start(settings, false, target);
    const end = await h.ended(captureId, 20_000);
    expect(end.problem?.message).toBe(`The kernel refused the filter "${filter}" for net:net_dev_queue.`);
    expect(marks()).toEqual([]);
  });

  it('refuses hostile or unknown event names before anything runs on the server', async () => {
    const h = await app();
    const target = await server(h, user.name);
    await h.request('captureTarget', { target });
    const before = shell.commands().length;
    for (const events of [["net:x';touch MARK-1;'"], ['net:$(touch MARK-2)'], ['net:`id`'], ['net:a\nb'], ['net:no_such_tracepoint']]) {
      const refusal = await h.refusal('startCapture', { target, settings: { events, filters: {}, mode: { kind: 'command', argv: ['true'] }, maxEvents: DEFAULT_MAX_EVENTS }, elevate: false });
      expect(refusal).toMatch(/is not a tracepoint name|has no tracepoint net:no_such_tracepoint|malformed startCapture/);
    }
    expect(shell.commands()).toHaveLength(before);
    expect(marks()).toEqual([]);
  });
});
