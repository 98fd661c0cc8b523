/**
 * The backend's capture requests with this machine's perf, as root: pings on lo, system-wide
 * captures stopped as Ctrl+C would, the target's own tracepoints. A user's refusal by perf is in
 * preview-capture.test.ts, where the backend runs as an unprivileged user.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { text as streamText } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CaptureSettings, DEFAULT_MAX_EVENTS } from '../../shared/capture/capture-settings';
import { traceFromText } from '../../shared/trace/trace-builder';
import { tracepointsFromTracefs, TRACEFS_EVENT_DIRS } from '../../electron/capture/tracepoints';
import type { SaveDialog } from '../../electron/backend/save-dialog';
import { type CaptureHarness, captureBackend } from '../support/capture-backend';
import { missingForCaptures } from '../support/capture-requirements';
import { kernelDropReasons } from '../support/kernel-drop-reasons';
import { expectNoneLeft, markedEnv, processesMarked } from '../support/processes';
import { requireOrSkip } from '../support/requirements';
import { GARBAGE_END, garbageCommand, stderrGarbage } from '../support/stderr-garbage';

/** captureTarget's parameters for this machine. */
const LOCAL = { target: { kind: 'local' } } as const;

const canCapture = requireOrSkip(missingForCaptures());

const PING = ['ping', '-c1', '-W2', '127.0.0.1'];
/** Two tracepoints rather than net:*: perf sets up each one it traces, and the suite stays fast. */
const EVENTS = ['net:net_dev_queue', 'net:netif_receive_skb'];
const COMMAND_LINE = 'perf trace --no-syscalls -e net:net_dev_queue -e net:netif_receive_skb -- ping -c1 -W2 127.0.0.1';

const settings = (over: Partial<CaptureSettings> = {}): CaptureSettings => ({
  events: EVENTS,
  filters: {},
  mode: { kind: 'command', argv: PING },
  maxEvents: DEFAULT_MAX_EVENTS,
  ...over,
});
const untilStopped = settings({ mode: { kind: 'system', seconds: null } });

let dir: string;
let opened: CaptureHarness[] = [];
let pinger: ChildProcess | null = null;
let mark: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-capture-test-'));
  ({ mark, env } = markedEnv());
});
afterEach(async () => {
  pinger?.kill('SIGKILL');
  pinger = null;
  await Promise.all(opened.map((h) => h.backend.close()));
  opened = [];
  await rm(dir, { recursive: true, force: true });
  await expectNoneLeft(mark);
}, 20_000);

/** A backend on this machine; perf and everything it starts carry this test's mark. */
async function backendWith(
  extra: { showSaveDialog?: SaveDialog; uid?: number; path?: string; extraEnv?: NodeJS.ProcessEnv; eventDirs?: string[] } = {},
) {
  const withExtra = { ...env, ...extra.extraEnv };
  const targetEnv = extra.path === undefined ? withExtra : { ...withExtra, PATH: `${withExtra.PATH}:${extra.path}` };
  const h = await captureBackend({ captureTarget: { env: targetEnv, eventDirs: extra.eventDirs, uid: extra.uid }, showSaveDialog: extra.showSaveDialog });
  opened.push(h);
  return h;
}

/** Packets on lo for system-wide captures to see: a ping every 0.1 s, ended after the test. */
function pingLo(): void {
  pinger = spawn('ping', ['-i', '0.1', '127.0.0.1'], { env, stdio: 'ignore' });
}

/** The spool file of a capture, wherever the backend's private folder is. */
function spoolOf(captureId: string): string | null {
  for (const entry of readdirSync(tmpdir())) {
    const candidate = join(tmpdir(), entry, `${captureId}.txt`);
    if (entry.startsWith('skbscope-') && existsSync(candidate)) return candidate;
  }
  return null;
}

/** The capture header's length, so perf's own bytes can be told from it. */
function headerOf(text: string): string {
  const m = /^# ========\n(?:# .*\n)*?# ========\n/.exec(text);
  if (!m) throw new Error(`no capture header in ${JSON.stringify(text.slice(0, 200))}`);
  return m[0];
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe.runIf(canCapture)('captureTarget', () => {
  it('describes this machine with perf’s version and the tracepoints perf lists', async () => {
    const h = await backendWith({ eventDirs: [] });
    const target = await h.request('captureTarget', LOCAL);
    // Read only now: on a fresh boot tracefs is mounted by perf's first use, which that request was.
    const eventsDir = TRACEFS_EVENT_DIRS.find((d) => existsSync(d)) ?? '';
    expect(target).toEqual({
      where: 'this machine',
      hostname: hostname(),
      kernel: release(),
      perfVersion: execFileSync('perf', ['--version'], { encoding: 'utf8' }).trim(),
      isRoot: true,
      canElevate: false,
      elevateWith: null,
      tracepointSource: 'perf list',
      // What perf lists is what the kernel has.
      tracepoints: await tracepointsFromTracefs(eventsDir),
      problem: null,
    });
    const { tracepoints } = target;
    expect(tracepoints.find((g) => g.subsystem === 'net')?.events).toEqual(expect.arrayContaining(['net:net_dev_queue', 'net:netif_receive_skb', 'net:netif_rx']));
    expect(tracepoints.find((g) => g.subsystem === 'skb')?.events).toContain('skb:kfree_skb');
    expect(tracepoints.map((g) => g.subsystem)).not.toContain('sched');
  });
});

describe.runIf(canCapture)('startCapture', () => {
  it('leaves the drop reasons line out when the kernel’s format cannot be read', async () => {
    const h = await backendWith({ eventDirs: [join(dir, 'no-tracefs')] });
    const { captureId } = await h.start(settings());
    await h.ended(captureId);
    const header = headerOf(h.textOf(captureId));
    expect(header).toContain('# skbscope version : 0.0.1-test\n# ========\n');
    expect(header).not.toContain('drop reasons');
  });

  it('answers first, then sends the header, perf’s output as it came, the command’s output, and how it ended', async () => {
    const h = await backendWith();
    const started = await h.start(settings());
    expect(started.commandLine).toBe(COMMAND_LINE);
    const end = await h.ended(started.captureId);

    const events = h.eventsOf(started.captureId);
    const responseAt = h.log.findIndex((e) => e.name === 'response' && e.method === 'startCapture');
    expect(h.log.indexOf(events[0] as (typeof h.log)[number])).toBeGreaterThan(responseAt);
    expect(events[0]).toMatchObject({ name: 'captureChunk', payload: { bytes: 0 } });
    const header = 'text' in events[0]!.payload ? events[0]!.payload.text : '';
    expect(header).toMatch(/^# ========\n# captured on : \d{4}-\d\d-\d\dT[\d:.]+Z\n# hostname : .+\n# os release : .+\n/);
    expect(header).toContain(`# perf version : ${execFileSync('perf', ['--version'], { encoding: 'utf8' }).trim()}\n`);
    // The kernel's own drop reason names, as its tracefs has them.
    expect(header).toContain(`# cmdline : ${COMMAND_LINE}\n# skbscope version : 0.0.1-test\n# skb drop reasons : ${kernelDropReasons()}\n# ========\n`);
    expect(events[events.length - 1]?.name).toBe('captureEnded');

    const text = h.textOf(started.captureId);
    expect(text.startsWith(header)).toBe(true);
    const perfText = text.slice(header.length);
    expect(end).toEqual({ captureId: started.captureId, outcome: 'finished', exitCode: 0, signal: null, bytes: Buffer.byteLength(perfText), problem: null });
    // Each chunk counts perf's bytes up to its end.
    const chunks = events.filter((e) => e.name === 'captureChunk').map((e) => e.payload as { text: string; bytes: number });
    let sum = 0;
    for (const chunk of chunks.slice(1)) expect(chunk.bytes).toBe((sum += Buffer.byteLength(chunk.text)));
    // perf's events alone: at least the request as ping queued it on lo. What the kernel does in
    // softirqs is not always ping's to trace, and a softirq that runs while ping is current is, so
    // a packet received on another device meanwhile may show too: only the queued ones are ping's.
    const trace = traceFromText(perfText);
    expect(trace.totals.skippedLines).toBe(0);
    const table = trace.table;
    const queuedOn = Array.from({ length: table.count }, (_, e) => e).filter((e) => table.eventName(e) === 'net:net_dev_queue').map((e) => table.device(e));
    expect(queuedOn.length).toBeGreaterThanOrEqual(1);
    expect(new Set(queuedOn)).toEqual(new Set(['lo']));
    expect(table.summary().devices).toContain('lo');
    // The command's own output, kept apart from perf's.
    expect(h.outputOf(started.captureId)).toMatch(/^PING 127\.0\.0\.1 [\s\S]*\n1 packets transmitted, 1 received/);
    expect(perfText).not.toContain('packets transmitted');
  });

  it('accepts globs that match the target’s tracepoints and refuses names it lacks, in words', async () => {
    const h = await backendWith();
    expect(await h.refusal('startCapture', { target: { kind: 'local' }, settings: settings({ events: ['net:nosuch', 'skb:nosuch_*', 'net:net_dev_*'] }), elevate: false })).toBe(
      `The kernel of ${hostname()} has no tracepoint net:nosuch: \`perf list 'net:*'\` shows the ones it has. ` +
        `No tracepoint on ${hostname()} matches skb:nosuch_*: \`perf list 'skb:*'\` shows the ones it has.`,
    );
    expect(await h.refusal('startCapture', { target: { kind: 'local' }, settings: settings({ events: [] }), elevate: false })).toBe('Choose at least one tracepoint.');
    const started = await h.start(settings({ events: ['net:netif_rx*', 'skb:kfree_skb'] }));
    expect(started.commandLine).toBe("perf trace --no-syscalls -e 'net:netif_rx*' -e skb:kfree_skb -- ping -c1 -W2 127.0.0.1");
    expect(await h.ended(started.captureId)).toMatchObject({ outcome: 'finished', exitCode: 0, problem: null });
    // The glob reached perf as a glob: lo hands each packet to netif_rx, seen on its way in and out.
    const text = h.textOf(started.captureId);
    expect(text).toMatch(/net:netif_rx_entry\(.*name: "lo"/);
    expect(text).toContain('net:netif_rx(');
    expect(text).toContain('net:netif_rx_exit(');
  });

  it('refuses a command line too long to show', async () => {
    const h = await backendWith();
    const argv = ['echo', ...Array.from({ length: 20 }, () => 'x'.repeat(4000))];
    expect(await h.refusal('startCapture', { target: { kind: 'local' }, settings: settings({ mode: { kind: 'command', argv } }), elevate: false })).toMatch(
      /^The perf command line would be \d+ characters long; at most 60000 can be run and shown\./,
    );
  });

  it('runs perf through pkexec when asked, by perf’s absolute path', async () => {
    // pkexec is not installed here, and the real one needs a polkit agent to ask for a password:
    // this one lets everything through (as pkexec does once the password is given), or answers as
    // pkexec does when the user dismissed the dialog. perf behind it is this machine's.
    const bin = join(dir, 'polkit');
    await mkdir(bin);
    await writeFile(join(bin, 'pkexec'), '#!/bin/sh\n[ -n "$PKEXEC_DISMISSED" ] && exit 126\nexec "$@"\n');
    await chmod(join(bin, 'pkexec'), 0o755);
    const perf = execFileSync('sh', ['-c', 'command -v perf'], { encoding: 'utf8', env }).trim();
    // As a user (pkexec is offered to users only); the process stays root, so perf can trace.
    const h = await backendWith({ uid: 1000, path: bin });
    expect(await h.request('captureTarget', LOCAL)).toMatchObject({ isRoot: false, canElevate: true, elevateWith: 'pkexec' });
    const { captureId, commandLine } = await h.start(settings(), true);
    expect(commandLine).toBe(`${join(bin, 'pkexec')} ${perf} trace --no-syscalls -e net:net_dev_queue -e net:netif_receive_skb -- ping -c1 -W2 127.0.0.1`);
    expect(await h.ended(captureId)).toMatchObject({ outcome: 'finished', exitCode: 0, problem: null });
    expect(h.textOf(captureId)).toMatch(/net:net_dev_queue\(.*name: "lo"\)/);

    const dismissed = await backendWith({ uid: 1000, path: bin, extraEnv: { PKEXEC_DISMISSED: '1' } });
    const second = await dismissed.start(settings(), true);
    expect((await dismissed.ended(second.captureId)).problem).toMatchObject({
      kind: 'permission',
      message: 'The password dialog was closed, so perf did not run.',
      canElevate: true,
    });
  });

  it('refuses pkexec where there is none', async () => {
    const h = await backendWith({ uid: 1000 });
    expect(await h.request('captureTarget', LOCAL)).toMatchObject({ isRoot: false, canElevate: false, problem: null });
    expect(await h.refusal('startCapture', { target: { kind: 'local' }, settings: settings(), elevate: true })).toMatch(/^pkexec is not installed here/);
  });

  it('runs one capture at a time per window', async () => {
    const h = await backendWith();
    const replies = await Promise.all([h.connection.request('startCapture', { target: { kind: 'local' }, settings: untilStopped, elevate: false }), h.connection.request('startCapture', { target: { kind: 'local' }, settings: untilStopped, elevate: false })]);
    expect(replies.map((r) => r.ok)).toEqual([true, false]);
    expect(replies[1]).toEqual({ ok: false, error: 'A capture is already running in this window: stop it first.' });
  });

  it('says a command was not found, after the header, without running perf', async () => {
    const h = await backendWith();
    const { captureId } = await h.start(settings({ mode: { kind: 'command', argv: ['no-such-command-here', '-x'] } }));
    const end = await h.ended(captureId);
    expect(end).toMatchObject({ outcome: 'failed', exitCode: null, bytes: 0, problem: { kind: 'command-not-found', message: 'The command "no-such-command-here" was not found, so there was nothing to trace.' } });
    expect(h.eventsOf(captureId).map((e) => e.name)).toEqual(['captureChunk', 'captureEnded']);
  });
});

describe('startCapture without perf', () => {
  it('says perf is missing, naming the packages', async () => {
    // A PATH without perf; the sbin folders searched besides it do not hold perf either.
    const empty = join(dir, 'bin');
    await mkdir(empty);
    const h = await captureBackend({ captureTarget: { env: { ...env, PATH: empty }, uid: 0 } });
    opened.push(h);
    expect((await h.request('captureTarget', LOCAL)).problem).toMatch(/^perf is not installed/);
    const { captureId } = await h.start(settings());
    expect(await h.ended(captureId)).toMatchObject({
      outcome: 'failed',
      bytes: 0,
      problem: { kind: 'perf-missing', fix: expect.stringContaining('linux-perf') },
    });
  });
});

describe.runIf(canCapture)('stopCapture', () => {
  it('stops perf as Ctrl+C would and keeps everything it wrote', async () => {
    const h = await backendWith();
    pingLo();
    const { captureId, commandLine } = await h.start(untilStopped);
    expect(commandLine).toBe('perf trace --no-syscalls -a -e net:net_dev_queue -e net:netif_receive_skb');
    await expect.poll(() => count(h.textOf(captureId), 'name: "lo"'), { timeout: 10_000 }).toBeGreaterThan(3);
    const before = h.textOf(captureId);
    const stoppedAt = Date.now();
    expect(await h.request('stopCapture', { captureId })).toEqual({ stopping: true });
    const end = await h.ended(captureId);
    // perf ended by its SIGINT as it does on Ctrl+C (exit status 0), not killed.
    expect(end).toMatchObject({ outcome: 'stopped', exitCode: 0, signal: null, problem: null });
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    const text = h.textOf(captureId);
    expect(text.startsWith(before)).toBe(true);
    expect(end.bytes).toBe(Buffer.byteLength(text) - Buffer.byteLength(headerOf(text)));
    // The spool holds the same, byte for byte: what a save writes.
    expect(readFileSync(spoolOf(captureId) ?? '', 'utf8')).toBe(text);
    expect(await h.request('stopCapture', { captureId })).toEqual({ stopping: false });
  });
});

describe.runIf(canCapture)('the event cap', () => {
  it('stops perf as Stop does once it has printed the cap, and keeps every event', async () => {
    const h = await backendWith();
    // About 400 events a second on lo: the request and the reply, each queued and received.
    pinger = spawn('ping', ['-i', '0.01', '127.0.0.1'], { env, stdio: 'ignore' });
    const cap = 300;
    const { captureId } = await h.start(settings({ mode: { kind: 'system', seconds: null }, maxEvents: cap }));
    const end = await h.ended(captureId, 20_000);
    // Stopped by its SIGINT, as Stop stops it, not killed; the outcome says why.
    expect(end).toMatchObject({ outcome: 'capped', exitCode: 0, signal: null, problem: null });
    const text = h.textOf(captureId);
    const perfText = text.slice(headerOf(text).length);
    expect(end.bytes).toBe(Buffer.byteLength(perfText));
    const trace = traceFromText(perfText);
    expect(trace.totals.skippedLines).toBe(0);
    // Every event up to the cap, and what perf printed while it stopped.
    expect(trace.table.count).toBeGreaterThanOrEqual(cap);
    expect(trace.table.count).toBeLessThan(cap * 2);
    expect(readFileSync(spoolOf(captureId) ?? '', 'utf8')).toBe(text);
    expect(await h.request('stopCapture', { captureId })).toEqual({ stopping: false });
  });

  it('lets a capture that stays under its cap finish by itself', async () => {
    const h = await backendWith();
    const { captureId } = await h.start(settings({ maxEvents: 1000 }));
    expect(await h.ended(captureId)).toMatchObject({ outcome: 'finished', exitCode: 0, problem: null });
  });
});

describe.runIf(canCapture)('faults', () => {
  it('keeps every event, savable, and says what happened when perf is killed mid-capture', async () => {
    const saved = join(dir, 'killed.txt');
    const h = await backendWith({ showSaveDialog: async () => saved });
    pingLo();
    const { captureId } = await h.start(untilStopped);
    await expect.poll(() => count(h.textOf(captureId), 'name: "lo"'), { timeout: 10_000 }).toBeGreaterThan(3);
    // perf itself, under the wrapper (a shell) that runs it.
    const perf = processesMarked(mark).filter((p) => p.comm === 'perf');
    expect(perf).toHaveLength(1);
    const before = h.textOf(captureId);
    process.kill(perf[0]?.pid ?? 0, 'SIGKILL');

    const end = await h.ended(captureId);
    expect(end).toMatchObject({
      outcome: 'interrupted',
      exitCode: 128 + 9,
      signal: null,
      problem: {
        kind: 'perf-killed',
        message: 'perf was ended by SIGKILL during the capture; Skbscope did not stop it. Every event received until then is kept.',
        fix: expect.stringContaining('out of memory'),
      },
    });
    const text = h.textOf(captureId);
    expect(text.startsWith(before)).toBe(true);
    expect(end.bytes).toBe(Buffer.byteLength(text) - Buffer.byteLength(headerOf(text)));
    expect(traceFromText(text).table.count).toBeGreaterThanOrEqual(traceFromText(before).table.count);
    expect(await h.request('saveCapture', { captureId, suggestedName: 'killed.txt' })).toEqual({ kind: 'saved', name: 'killed.txt' });
    expect(readFileSync(saved, 'utf8')).toBe(text);
  });

  it('keeps capturing through garbage the traced command writes to the standard error it shares with perf', async () => {
    const garbage = stderrGarbage();
    const garbageFile = join(dir, 'garbage.bin');
    await writeFile(garbageFile, garbage);
    const { argv } = garbageCommand(garbageFile);
    const h = await backendWith();
    const { captureId } = await h.start(settings({ mode: { kind: 'command', argv } }));
    const end = await h.ended(captureId, 30_000);
    expect(end).toMatchObject({ outcome: 'finished', exitCode: 0, signal: null, problem: null });

    // Every byte kept for saving, the garbage as it was written.
    const spool = readFileSync(spoolOf(captureId) ?? '');
    const text = h.textOf(captureId);
    const header = headerOf(text);
    expect(spool.length).toBe(Buffer.byteLength(header) + end.bytes);
    expect(spool.includes(garbage)).toBe(true);
    // The garbage is skipped lines, each of them, and the events around it are parsed.
    const perfText = text.slice(header.length);
    const trace = traceFromText(perfText);
    expect(trace.totals.skippedLines).toBe(traceFromText(garbage.toString('utf8')).totals.skippedLines);
    expect(trace.totals.skippedLines).toBeGreaterThan(100);
    const after = perfText.slice(perfText.lastIndexOf(GARBAGE_END));
    expect(count(after, 'net:net_dev_queue(')).toBeGreaterThanOrEqual(3);
    expect(traceFromText(after).table.summary().devices).toEqual(['lo']);
    // And the backend goes on: the next capture runs as usual.
    const next = await h.start(settings());
    expect(await h.ended(next.captureId)).toMatchObject({ outcome: 'finished', problem: null });
  });
});

describe('stopCapture without perf', () => {
  it('refuses an id it never handed out', async () => {
    const h = await backendWith();
    expect(await h.refusal('stopCapture', { captureId: 'ab'.repeat(16) })).toMatch(/unknown capture id/);
  });
});

describe.runIf(canCapture)('captures belong to their window', () => {
  it('stops perf and removes the capture when the connection closes', async () => {
    const h = await backendWith();
    pingLo();
    const { captureId } = await h.start(untilStopped);
    await expect.poll(() => h.textOf(captureId).includes('name: "lo"'), { timeout: 10_000 }).toBe(true);
    expect(spoolOf(captureId)).not.toBeNull();
    h.connection.close();
    pinger?.kill('SIGKILL');
    await expectNoneLeft(mark, 8000);
    await expect.poll(() => spoolOf(captureId), { timeout: 5000 }).toBeNull();
  });

  it('stops a capture whose window closed while it was starting', async () => {
    const h = await backendWith();
    const reply = h.connection.request('startCapture', { target: { kind: 'local' }, settings: untilStopped, elevate: false });
    h.connection.close();
    expect(await reply).toEqual({ ok: false, error: 'The window was closed while the capture was starting.' });
    await h.backend.close();
    await expectNoneLeft(mark);
  });

  it('stops every capture when the backend closes, and removes its folder', async () => {
    const h = await backendWith();
    pingLo();
    const { captureId } = await h.start(untilStopped);
    await expect.poll(() => h.textOf(captureId).includes('name: "lo"'), { timeout: 10_000 }).toBe(true);
    const folder = join(spoolOf(captureId) ?? '', '..');
    await h.backend.close();
    expect(existsSync(folder)).toBe(false);
    pinger?.kill('SIGKILL');
    await expectNoneLeft(mark);
  });
});

describe.runIf(canCapture)('saveCapture', () => {
  it('saves through the native dialog, byte for byte, and offers the same folder next time', async () => {
    const asked: Array<[string, string | null]> = [];
    const target = join(dir, 'saved.txt');
    const h = await backendWith({ showSaveDialog: async (name, folder) => (asked.push([name, folder]), target) });
    const { captureId } = await h.start(settings());
    await h.ended(captureId);
    expect(await h.request('saveCapture', { captureId, suggestedName: 'ping.txt' })).toEqual({ kind: 'saved', name: 'saved.txt' });
    const saved = await readFile(target, 'utf8');
    expect(saved).toBe(h.textOf(captureId));
    expect(saved).toContain('name: "lo"');
    await h.request('saveCapture', { captureId, suggestedName: 'again.txt' });
    expect(asked).toEqual([
      ['ping.txt', null],
      ['again.txt', dir],
    ]);
  });

  it('answers cancelled when the dialog is cancelled, and says why a save failed', async () => {
    let answer: string | null = null;
    const h = await backendWith({ showSaveDialog: async () => answer });
    const { captureId } = await h.start(settings());
    await h.ended(captureId);
    expect(await h.request('saveCapture', { captureId, suggestedName: 'ping.txt' })).toEqual({ kind: 'cancelled' });
    answer = join(dir, 'no-such-folder', 'ping.txt');
    expect(await h.refusal('saveCapture', { captureId, suggestedName: 'ping.txt' })).toBe(`Could not save ${answer}: its folder does not exist. Choose another folder.`);
  });

  it('refuses to save a capture that is still running', async () => {
    const h = await backendWith({ showSaveDialog: async () => join(dir, 'x.txt') });
    const { captureId } = await h.start(untilStopped);
    expect(await h.refusal('saveCapture', { captureId, suggestedName: 'x.txt' })).toBe('The capture is still running: stop it first, then save it.');
    expect(existsSync(join(dir, 'x.txt'))).toBe(false);
  });

  it('offers a download where there is no native dialog, for as long as the window is there', async () => {
    const h = await backendWith();
    const { captureId } = await h.start(settings());
    await h.ended(captureId);
    expect(await h.request('saveCapture', { captureId, suggestedName: 'ping trace µ.txt' })).toEqual({
      kind: 'download',
      url: `/captures/${captureId}/ping%20trace%20%C2%B5.txt`,
      name: 'ping trace µ.txt',
    });
    const download = h.backend.download('captures', captureId);
    if (download === null) throw new Error('the capture was not offered for download');
    expect(download.name).toBe('ping trace µ.txt');
    const opened = await download.open();
    expect(opened.size).toBe(Buffer.byteLength(h.textOf(captureId)));
    expect(await streamText(opened.bytes)).toBe(h.textOf(captureId));
    expect(await h.request('saveCapture', { captureId, suggestedName: '../../etc/passwd' })).toMatchObject({ name: '_.._etc_passwd' });
    h.connection.close();
    expect(h.backend.download('captures', captureId)).toBeNull();
  });
});
