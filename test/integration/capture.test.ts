/**
 * Real captures, as root, with real perf on a docker-like topology (bridge, veth, a namespace whose
 * side is eth0): through the app's capture layer and through the built CLI. Every test checks that
 * perf and the command it traced are gone afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CaptureSettings, DEFAULT_MAX_EVENTS } from '../../shared/capture/capture-settings';
import { traceFromText } from '../../shared/trace/trace-builder';
import { packetHops, packetPath } from '../../shared/view/packet-hops';
import { captureBackend, type CaptureHarness } from '../support/capture-backend';
import { missingForCaptures } from '../support/capture-requirements';
import { buildTopology, removeLeftoverTopologies, type Topology } from '../support/netns';
import { kernelDropReasons } from '../support/kernel-drop-reasons';
import { CAPTURE_HEADER, journeys } from '../support/packet-journeys';
import { expectNoneLeft, markedEnv, processesMarked } from '../support/processes';
import { requireOrSkip } from '../support/requirements';

const CLI = fileURLToPath(new URL('../../dist/cli/skbscope.cjs', import.meta.url));
const canRun = requireOrSkip(missingForCaptures() ?? (existsSync(CLI) ? null : 'dist/cli/skbscope.cjs is missing: run `npm run build` first'));

/** captureTarget's parameters for this machine. */
const LOCAL = { target: { kind: 'local' } } as const;

function runCli(args: string[], env: NodeJS.ProcessEnv, asNobody = false) {
  const command = asNobody ? 'setpriv' : process.execPath;
  const argv = asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args] : [CLI, ...args];
  return spawnSync(command, argv, { env, encoding: 'utf8', cwd: dir, timeout: 20_000 });
}

/** What the CLI's spool holds so far (the CLI spools in the test's folder, its TMPDIR). */
function spooled(): string {
  return readdirSync(dir)
    .filter((name) => name.startsWith('skbscope-spool-') && existsSync(join(dir, name, 'capture.txt')))
    .map((name) => readFileSync(join(dir, name, 'capture.txt'), 'utf8'))
    .join('');
}

let topology: Topology;
let dir: string;
let mark: string;
let env: NodeJS.ProcessEnv;
let app: CaptureHarness | null = null;
let pinger: ChildProcess | null = null;

describe.runIf(canRun)('capturing for real', () => {
  beforeAll(() => {
    removeLeftoverTopologies();
    topology = buildTopology();
    dir = mkdtempSync(join(tmpdir(), 'skbscope-capture-it-'));
    // The unprivileged test writes here too.
    chmodSync(dir, 0o777);
  });

  afterAll(() => {
    topology?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    pinger?.kill('SIGKILL');
    pinger = null;
    await app?.backend.close();
    app = null;
    await expectNoneLeft(mark);
  }, 20_000);

  const fresh = (): void => {
    ({ mark, env } = markedEnv());
    // The CLI's spool goes in here too, so a CLI killed on purpose leaves nothing outside it.
    env.TMPDIR = dir;
  };

  const pingSettings = (): CaptureSettings => ({
    events: ['net:*'],
    filters: {},
    mode: { kind: 'command', argv: ['ping', '-c1', '-W2', topology.namespaceAddress] },
    maxEvents: DEFAULT_MAX_EVENTS,
  });

  it('follows a ping through the app: request bridge → veth → eth0, reply back, saved as header + perf’s bytes', async () => {
    fresh();
    const saved = join(dir, 'app-ping.txt');
    app = await captureBackend({ captureTarget: { env }, showSaveDialog: async () => saved });
    const target = await app.request('captureTarget', LOCAL);
    expect(target).toMatchObject({ isRoot: true, tracepointSource: 'tracefs', problem: null });
    expect(target.tracepoints.map((g) => g.subsystem)).toContain('net');

    const { captureId, commandLine } = await app.start(pingSettings());
    expect(commandLine).toBe(`perf trace --no-syscalls -e 'net:*' -- ping -c1 -W2 ${topology.namespaceAddress}`);
    const end = await app.ended(captureId);
    expect(end).toMatchObject({ outcome: 'finished', exitCode: 0, signal: null, problem: null });
    expect(app.outputOf(captureId)).toContain('1 received');

    const text = app.textOf(captureId);
    const header = CAPTURE_HEADER.exec(text);
    expect(header?.[4]).toBe(commandLine);
    expect(header?.[5]).toBe(kernelDropReasons());
    const perfText = text.slice(header?.[0].length);
    expect(Buffer.byteLength(perfText)).toBe(end.bytes);
    const { request, reply, table } = journeys(text, topology);
    expect(request).toEqual([topology.bridge, topology.veth, 'eth0']);
    expect(reply).toEqual(['eth0', topology.veth, topology.bridge]);
    expect(traceFromText(perfText).totals.skippedLines).toBe(0);
    expect(table.summary().devices).toEqual(expect.arrayContaining([topology.bridge, topology.veth, 'eth0']));

    expect(await app.request('saveCapture', { captureId, suggestedName: 'ping.txt' })).toEqual({ kind: 'saved', name: 'app-ping.txt' });
    expect(readFileSync(saved, 'utf8')).toBe(text);
  });

  it('follows the same ping through the CLI, into a file that starts with the header', () => {
    fresh();
    const out = join(dir, 'cli-ping.txt');
    const r = runCli(['capture', '-e', 'net:*', '-o', out, '--', 'ping', '-c1', '-W2', topology.namespaceAddress], env);
    expect(r.stderr).toMatch(/written to .*cli-ping\.txt/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 received');
    const text = readFileSync(out, 'utf8');
    const header = CAPTURE_HEADER.exec(text);
    expect(header?.[4]).toBe(`perf trace --no-syscalls -e 'net:*' -- ping -c1 -W2 ${topology.namespaceAddress}`);
    // The CLI's captures keep the kernel's drop reasons too, so `skbscope info` names the drops.
    expect(header?.[5]).toBe(kernelDropReasons());
    const perfBytes = Buffer.byteLength(text) - Buffer.byteLength(header?.[0] ?? '');
    expect(r.stderr).toContain(`(${perfBytes} bytes from perf)`);
    const { request, reply } = journeys(text, topology);
    expect(request).toEqual([topology.bridge, topology.veth, 'eth0']);
    expect(reply).toEqual(['eth0', topology.veth, topology.bridge]);
  });

  it('keeps everything captured when a system-wide capture is stopped, and stops at once', async () => {
    fresh();
    app = await captureBackend({ captureTarget: { env } });
    pinger = spawn('ip', ['netns', 'exec', topology.namespace, 'ping', '-i', '0.1', topology.hostAddress], { stdio: 'ignore' });
    const { captureId, commandLine } = await app.start({ events: ['net:*'], filters: {}, mode: { kind: 'system', seconds: null }, maxEvents: DEFAULT_MAX_EVENTS });
    expect(commandLine).toBe("perf trace --no-syscalls -a -e 'net:*'");
    await expect.poll(() => app?.textOf(captureId).includes(`name: "${topology.veth}"`), { timeout: 10_000 }).toBe(true);
    const before = app.textOf(captureId);

    const stoppedAt = Date.now();
    expect(await app.request('stopCapture', { captureId })).toEqual({ stopping: true });
    const end = await app.ended(captureId);
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    expect(end).toMatchObject({ outcome: 'stopped', exitCode: 0, signal: null, problem: null });
    const text = app.textOf(captureId);
    expect(text.startsWith(before)).toBe(true);
    // The namespace pings the host: requests go eth0 → veth → bridge.
    const { table } = traceFromText(text);
    const paths = Array.from({ length: table.packetCount }, (_, p) => packetPath(packetHops(table, p)));
    expect(paths).toContainEqual(['eth0', topology.veth, topology.bridge]);
  });

  it('stops a command capture: perf keeps its events and the command it traced ends too', async () => {
    fresh();
    app = await captureBackend({ captureTarget: { env } });
    const { captureId } = await app.start({ ...pingSettings(), mode: { kind: 'command', argv: ['ping', '-i', '0.1', topology.namespaceAddress] } });
    await expect.poll(() => app?.textOf(captureId).split('net:net_dev_queue').length, { timeout: 10_000 }).toBeGreaterThan(6);
    expect(processesMarked(mark).map((p) => p.comm)).toContain('ping');
    const stoppedAt = Date.now();
    await app.request('stopCapture', { captureId });
    expect(await app.ended(captureId)).toMatchObject({ outcome: 'stopped', exitCode: 0, problem: null });
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    // Later pings reuse the first ones' skb memory, so an address may make the journey more than once.
    const { request, reply } = journeys(app.textOf(captureId), topology);
    expect(request?.slice(0, 3)).toEqual([topology.bridge, topology.veth, 'eth0']);
    expect(reply?.slice(0, 3)).toEqual(['eth0', topology.veth, topology.bridge]);
  });

  it('stops a system-wide CLI capture on Ctrl+C and still writes the file', async () => {
    fresh();
    const out = join(dir, 'cli-stopped.txt');
    const cli = spawn(process.execPath, [CLI, 'capture', '-e', 'net:netif_receive_skb', '-o', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // perf is running some time before it traces: ping until the CLI's spool holds a packet.
    pinger = spawn('ip', ['netns', 'exec', topology.namespace, 'ping', '-i', '0.1', topology.hostAddress], { stdio: 'ignore' });
    await expect.poll(() => spooled().includes(`name: "${topology.bridge}"`), { timeout: 10_000 }).toBe(true);
    const status = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    cli.kill('SIGINT');
    expect(await status).toBe(0);
    expect(stderr).toMatch(/stopped; \d+ events/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(CAPTURE_HEADER);
    expect(text).toContain(`name: "${topology.bridge}"`);
  });

  it('writes what a system-wide CLI capture got when perf is killed, and says so', async () => {
    fresh();
    const out = join(dir, 'cli-killed.txt');
    const cli = spawn(process.execPath, [CLI, 'capture', '-e', 'net:netif_receive_skb', '-o', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    pinger = spawn('ip', ['netns', 'exec', topology.namespace, 'ping', '-i', '0.1', topology.hostAddress], { stdio: 'ignore' });
    await expect.poll(() => spooled().includes(`name: "${topology.bridge}"`), { timeout: 10_000 }).toBe(true);
    const before = spooled();
    const status = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    const perf = processesMarked(mark).filter((p) => p.comm === 'perf');
    expect(perf).toHaveLength(1);
    process.kill(perf[0]?.pid ?? 0, 'SIGKILL');
    expect(await status).toBe(1);
    expect(stderr).toContain('skbscope: perf was ended by SIGKILL during the capture; Skbscope did not stop it. Every event received until then is kept.\n');
    expect(stderr).toMatch(/interrupted; \d+ events \(\d+ bytes from perf\) written to .*cli-killed\.txt/);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(before)).toBe(true);
    expect(text).toMatch(CAPTURE_HEADER);
  });

  it('ends perf and the traced command when the app dies without a word', async () => {
    fresh();
    const cli = spawn(process.execPath, [CLI, 'capture', '-o', join(dir, 'never.txt'), '--', 'sleep', '30'], { env, stdio: 'ignore' });
    await expect.poll(() => processesMarked(mark).map((p) => p.comm).sort(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['perf', 'sleep']));
    cli.kill('SIGKILL');
    // Only the pipe closing tells the wrapper; it stops perf, then ends what perf leaves behind.
    await expectNoneLeft(mark, 8000);
    expect(existsSync(join(dir, 'never.txt'))).toBe(false);
    // Its spool folder is left behind, named for it, until the next capture starts and sweeps it.
    const leftBy = (pid: number | undefined) => readdirSync(dir).filter((name) => name.startsWith(`skbscope-spool-`) && name.includes(`-${pid}-`));
    expect(leftBy(cli.pid)).toHaveLength(1);
    expect(runCli(['capture', '-o', join(dir, 'none.txt'), '--', 'skbscope-no-such-command'], env).status).toBe(1);
    expect(leftBy(cli.pid)).toEqual([]);
  });

  it('says clearly that a command does not exist, in the app and the CLI', async () => {
    fresh();
    app = await captureBackend({ captureTarget: { env } });
    const { captureId } = await app.start({ ...pingSettings(), mode: { kind: 'command', argv: ['skbscope-no-such-command'] } });
    expect((await app.ended(captureId)).problem).toMatchObject({
      kind: 'command-not-found',
      message: 'The command "skbscope-no-such-command" was not found, so there was nothing to trace.',
    });
    const r = runCli(['capture', '-o', join(dir, 'none.txt'), '--', 'skbscope-no-such-command'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('skbscope: The command "skbscope-no-such-command" was not found, so there was nothing to trace.');
    expect(existsSync(join(dir, 'none.txt'))).toBe(false);
  });

  it('tells an unprivileged user that perf was refused, and what to do', () => {
    fresh();
    const out = join(dir, 'nobody.txt');
    const r = runCli(['capture', '-o', out, '--', 'ping', '-c1', '-W2', topology.namespaceAddress], env, true);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^skbscope: perf was not allowed to trace the kernel's tracepoints\. perf said: ".+"\.$/m);
    expect(r.stderr).toContain('Run the capture as root (sudo skbscope capture …).');
    expect(r.stderr).toContain('sudo sysctl kernel.perf_event_paranoid=-1');
    expect(r.stderr).toContain('sudo mount -o remount,mode=755 /sys/kernel/tracing');
    expect(r.stderr).toMatch(/perf said:\n {2}\S/);
    expect(existsSync(out)).toBe(false);
  });
});
