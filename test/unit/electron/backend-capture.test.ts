import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureSettings } from '../../../shared/capture/capture-settings';
import { type CaptureHarness, captureBackend } from '../../support/capture-backend';
import { type FakePerf, makeFakePerf } from '../../support/fake-perf';
import { readFixture } from '../../support/fixtures';
import { expectNoneLeft, markedEnv } from '../../support/processes';

const PING = readFixture('ping-bridge-veth.btf.txt');
const NO_ACCESS = `event syntax error: 'net:*'
                     \\___ can't access trace events

Error:\tNo permissions to read /sys/kernel/tracing/events/net/*
`;

const settings = (over: Partial<CaptureSettings> = {}): CaptureSettings => ({
  events: ['net:*'],
  filters: {},
  mode: { kind: 'command', argv: ['echo', 'hello'] },
  maxEvents: null,
  ...over,
});
const untilStopped = settings({ mode: { kind: 'system', seconds: null } });

let fake: FakePerf;
let dir: string;
let opened: CaptureHarness[] = [];
let mark: string;

beforeAll(async () => {
  fake = await makeFakePerf();
});
afterAll(async () => {
  await fake.remove();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-capture-test-'));
});
afterEach(async () => {
  await Promise.all(opened.map((h) => h.backend.close()));
  opened = [];
  await rm(dir, { recursive: true, force: true });
  await expectNoneLeft(mark);
});

/** A backend whose perf is the stand-in; tracepoints come from its `perf list`. */
async function backendWith(
  behaviour: Parameters<FakePerf['env']>[0],
  extra: { showSaveDialog?: (name: string, folder: string | null) => Promise<string | null>; uid?: number; path?: string; extraEnv?: NodeJS.ProcessEnv } = {},
) {
  const marked = markedEnv();
  mark = marked.mark;
  const faked = await fake.env(behaviour, { ...marked.env, ...extra.extraEnv });
  const env = extra.path === undefined ? faked : { ...faked, PATH: `${faked.PATH}:${extra.path}` };
  const h = await captureBackend({ captureTarget: { env, eventDirs: [], uid: extra.uid ?? 0 }, showSaveDialog: extra.showSaveDialog });
  opened.push(h);
  return h;
}

/** The spool file of a capture, wherever the backend's private folder is. */
function spoolOf(captureId: string): string | null {
  for (const entry of readdirSync(tmpdir())) {
    const candidate = join(tmpdir(), entry, `${captureId}.txt`);
    if (entry.startsWith('skbscope-') && existsSync(candidate)) return candidate;
  }
  return null;
}

describe('captureTarget', () => {
  it('describes this machine with perf’s version and its tracepoints', async () => {
    const h = await backendWith({});
    expect(await h.request('captureTarget', {})).toMatchObject({
      perfVersion: 'perf version 0.0.fake',
      isRoot: true,
      canElevate: false,
      tracepointSource: 'perf list',
      tracepoints: [
        { subsystem: 'net', events: ['net:net_dev_queue', 'net:netif_receive_skb', 'net:netif_rx'] },
        { subsystem: 'skb', events: ['skb:kfree_skb'] },
      ],
      problem: null,
    });
  });
});

describe('startCapture', () => {
  it('answers first, then sends the header, perf’s output as it came, the command’s output, and how it ended', async () => {
    const h = await backendWith({ output: PING });
    const started = await h.start(settings());
    expect(started.commandLine).toBe("perf trace --no-syscalls -e 'net:*' -- echo hello");
    const end = await h.ended(started.captureId);
    expect(end).toEqual({ captureId: started.captureId, outcome: 'finished', exitCode: 0, signal: null, bytes: Buffer.byteLength(PING), problem: null });

    const events = h.eventsOf(started.captureId);
    const responseAt = h.log.findIndex((e) => e.name === 'response' && e.method === 'startCapture');
    expect(h.log.indexOf(events[0] as (typeof h.log)[number])).toBeGreaterThan(responseAt);
    expect(events[0]).toMatchObject({ name: 'captureChunk', payload: { bytes: 0 } });
    const header = 'text' in events[0]!.payload ? events[0]!.payload.text : '';
    expect(header).toMatch(/^# ========\n# captured on : \d{4}-\d\d-\d\dT[\d:.]+Z\n# hostname : .+\n# os release : .+\n/);
    expect(header).toContain('# perf version : perf version 0.0.fake\n');
    expect(header).toContain("# cmdline : perf trace --no-syscalls -e 'net:*' -- echo hello\n# skbscope version : 0.0.1-test\n# ========\n");
    expect(events[events.length - 1]?.name).toBe('captureEnded');
    expect(h.textOf(started.captureId)).toBe(header + PING);
    expect(h.outputOf(started.captureId)).toBe('hello\n');
  });

  it('accepts globs that match the target’s tracepoints and refuses names it lacks, in words', async () => {
    const h = await backendWith({});
    expect(await h.refusal('startCapture', { settings: settings({ events: ['net:nosuch', 'xdp:*'] }), elevate: false })).toMatch(
      /has no tracepoint net:nosuch: `perf list 'net:\*'` shows the ones it has\. No tracepoint on .* matches xdp:\*/,
    );
    expect(await h.refusal('startCapture', { settings: settings({ events: [] }), elevate: false })).toBe('Choose at least one tracepoint.');
    const started = await h.start(settings({ events: ['net:netif_*', 'skb:kfree_skb'] }));
    expect((await h.ended(started.captureId)).outcome).toBe('finished');
  });

  it('refuses a command line too long to show', async () => {
    const h = await backendWith({});
    const argv = ['echo', ...Array.from({ length: 20 }, () => 'x'.repeat(4000))];
    expect(await h.refusal('startCapture', { settings: settings({ mode: { kind: 'command', argv } }), elevate: false })).toMatch(
      /^The perf command line would be \d+ characters long; at most 60000 can be run and shown\./,
    );
  });

  it('runs perf through pkexec when asked, by perf’s absolute path', async () => {
    // A pkexec that lets everything through, or that the user dismissed.
    const bin = join(dir, 'polkit');
    await mkdir(bin);
    await writeFile(join(bin, 'pkexec'), '#!/bin/sh\n[ -n "$FAKE_PKEXEC_DISMISSED" ] && exit 126\nexec "$@"\n');
    await chmod(join(bin, 'pkexec'), 0o755);
    const h = await backendWith({ output: PING }, { uid: 1000, path: bin });
    expect(await h.request('captureTarget', {})).toMatchObject({ isRoot: false, canElevate: true });
    const { captureId, commandLine } = await h.start(settings(), true);
    expect(commandLine).toBe(`${join(bin, 'pkexec')} ${join(fake.dir, 'perf')} trace --no-syscalls -e 'net:*' -- echo hello`);
    expect(await h.ended(captureId)).toMatchObject({ outcome: 'finished', problem: null });
    expect(h.textOf(captureId).endsWith(PING)).toBe(true);

    const dismissed = await backendWith({}, { uid: 1000, path: bin, extraEnv: { FAKE_PKEXEC_DISMISSED: '1' } });
    const second = await dismissed.start(settings(), true);
    expect((await dismissed.ended(second.captureId)).problem).toMatchObject({
      kind: 'permission',
      message: 'The password dialog was closed, so perf did not run.',
      canElevate: true,
    });
  });

  it('refuses pkexec where there is none', async () => {
    const h = await backendWith({}, { uid: 1000 });
    expect(await h.refusal('startCapture', { settings: settings(), elevate: true })).toMatch(/^pkexec is not installed here/);
  });

  it('runs one capture at a time per window', async () => {
    const h = await backendWith({ untilInterrupted: true });
    const replies = await Promise.all([h.connection.request('startCapture', { settings: untilStopped, elevate: false }), h.connection.request('startCapture', { settings: untilStopped, elevate: false })]);
    expect(replies.map((r) => r.ok)).toEqual([true, false]);
    expect(replies[1]).toEqual({ ok: false, error: 'A capture is already running in this window: stop it first.' });
  });

  it('says a command was not found, after the header, without running perf', async () => {
    const h = await backendWith({});
    const { captureId } = await h.start(settings({ mode: { kind: 'command', argv: ['no-such-command-here', '-x'] } }));
    const end = await h.ended(captureId);
    expect(end).toMatchObject({ outcome: 'failed', exitCode: null, bytes: 0, problem: { kind: 'command-not-found', message: 'The command "no-such-command-here" was not found, so there was nothing to trace.' } });
    expect(h.eventsOf(captureId).map((e) => e.name)).toEqual(['captureChunk', 'captureEnded']);
  });

  it('says perf is missing, naming the packages', async () => {
    const empty = join(dir, 'bin');
    await mkdir(empty);
    mark = markedEnv().mark;
    const h = await captureBackend({ captureTarget: { env: { PATH: empty }, eventDirs: [], uid: 0 } });
    opened.push(h);
    expect((await h.request('captureTarget', {})).problem).toMatch(/^perf is not installed/);
    const { captureId } = await h.start(settings());
    expect((await h.ended(captureId)).problem).toMatchObject({ kind: 'perf-missing', fix: expect.stringContaining('linux-perf') });
  });

  it('reports perf’s refusal in plain words, with what it said', async () => {
    const h = await backendWith({ output: NO_ACCESS, exitCode: 129 });
    const { captureId } = await h.start(settings());
    const end = await h.ended(captureId);
    expect(end).toMatchObject({ outcome: 'failed', exitCode: 129, problem: { kind: 'permission', canElevate: false } });
    expect(end.problem?.perfSaid).toContain('No permissions to read /sys/kernel/tracing/events/net/*');
  });
});

describe('stopCapture', () => {
  it('stops perf as Ctrl+C would and keeps everything it wrote', async () => {
    const h = await backendWith({ untilInterrupted: true });
    const { captureId } = await h.start(untilStopped);
    await expect.poll(() => h.textOf(captureId).split('net:netif_rx').length, { timeout: 5000 }).toBeGreaterThan(3);
    expect(await h.request('stopCapture', { captureId })).toEqual({ stopping: true });
    const end = await h.ended(captureId);
    expect(end).toMatchObject({ outcome: 'stopped', exitCode: 0, signal: null, problem: null });
    const text = h.textOf(captureId);
    expect(text).toContain('name: "last"');
    expect(end.bytes).toBe(Buffer.byteLength(text) - Buffer.byteLength(text.slice(0, text.indexOf('# ========\n', 1) + 11)));
    expect(await h.request('stopCapture', { captureId })).toEqual({ stopping: false });
  });

  it('refuses an id it never handed out', async () => {
    const h = await backendWith({});
    expect(await h.refusal('stopCapture', { captureId: 'ab'.repeat(16) })).toMatch(/unknown capture id/);
  });
});

describe('captures belong to their window', () => {
  it('stops perf and removes the capture when the connection closes', async () => {
    const h = await backendWith({ untilInterrupted: true });
    const { captureId } = await h.start(untilStopped);
    await expect.poll(() => h.textOf(captureId).includes('net:netif_rx'), { timeout: 5000 }).toBe(true);
    expect(spoolOf(captureId)).not.toBeNull();
    h.connection.close();
    await expectNoneLeft(mark, 8000);
    await expect.poll(() => spoolOf(captureId), { timeout: 5000 }).toBeNull();
  });

  it('stops a capture whose window closed while it was starting', async () => {
    const h = await backendWith({ untilInterrupted: true });
    const reply = h.connection.request('startCapture', { settings: untilStopped, elevate: false });
    h.connection.close();
    expect(await reply).toEqual({ ok: false, error: 'The window was closed while the capture was starting.' });
    await h.backend.close();
    await expectNoneLeft(mark);
  });

  it('stops every capture when the backend closes, and removes its folder', async () => {
    const h = await backendWith({ untilInterrupted: true });
    const { captureId } = await h.start(untilStopped);
    await expect.poll(() => h.textOf(captureId).includes('net:netif_rx'), { timeout: 5000 }).toBe(true);
    const folder = join(spoolOf(captureId) ?? '', '..');
    await h.backend.close();
    expect(existsSync(folder)).toBe(false);
    await expectNoneLeft(mark);
  });
});

describe('saveCapture', () => {
  it('saves through the native dialog, byte for byte, and offers the same folder next time', async () => {
    const asked: Array<[string, string | null]> = [];
    const target = join(dir, 'saved.txt');
    const h = await backendWith({ output: PING }, { showSaveDialog: async (name, folder) => (asked.push([name, folder]), target) });
    const { captureId } = await h.start(settings());
    await h.ended(captureId);
    expect(await h.request('saveCapture', { captureId, suggestedName: 'ping.txt' })).toEqual({ kind: 'saved', name: 'saved.txt' });
    expect(await readFile(target, 'utf8')).toBe(h.textOf(captureId));
    await h.request('saveCapture', { captureId, suggestedName: 'again.txt' });
    expect(asked).toEqual([
      ['ping.txt', null],
      ['again.txt', dir],
    ]);
  });

  it('answers cancelled when the dialog is cancelled, and says why a save failed', async () => {
    let answer: string | null = null;
    const h = await backendWith({ output: PING }, { showSaveDialog: async () => answer });
    const { captureId } = await h.start(settings());
    await h.ended(captureId);
    expect(await h.request('saveCapture', { captureId, suggestedName: 'ping.txt' })).toEqual({ kind: 'cancelled' });
    answer = join(dir, 'no-such-folder', 'ping.txt');
    expect(await h.refusal('saveCapture', { captureId, suggestedName: 'ping.txt' })).toBe(`Could not save ${answer}: its folder does not exist. Choose another folder.`);
  });

  it('refuses to save a capture that is still running', async () => {
    const h = await backendWith({ untilInterrupted: true }, { showSaveDialog: async () => join(dir, 'x.txt') });
    const { captureId } = await h.start(untilStopped);
    expect(await h.refusal('saveCapture', { captureId, suggestedName: 'x.txt' })).toBe('The capture is still running: stop it first, then save it.');
  });

  it('offers a download where there is no native dialog, for as long as the window is there', async () => {
    const h = await backendWith({ output: PING });
    const { captureId } = await h.start(settings());
    await h.ended(captureId);
    expect(await h.request('saveCapture', { captureId, suggestedName: 'ping trace µ.txt' })).toEqual({
      kind: 'download',
      url: `/captures/${captureId}/ping%20trace%20%C2%B5.txt`,
      name: 'ping trace µ.txt',
    });
    const download = h.backend.download(captureId);
    expect(download?.name).toBe('ping trace µ.txt');
    expect(await readFile(download?.path ?? '', 'utf8')).toBe(h.textOf(captureId));
    expect(await h.request('saveCapture', { captureId, suggestedName: '../../etc/passwd' })).toMatchObject({ name: '_.._etc_passwd' });
    h.connection.close();
    expect(h.backend.download(captureId)).toBeNull();
  });
});
