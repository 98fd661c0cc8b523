/**
 * Saving through the backend connection as the desktop app's renderer asks for it: sessions of a
 * granted file and of a real capture (the header, then the trace's own bytes less an earlier
 * save's session lines), bytes the page made, written atomically (a full disk, a read-only one, a
 * folder gone leave any file there as it was and say why), and the folder last saved to per kind,
 * across restarts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_EVENTS } from '../../shared/capture/capture-settings';
import { type SessionView, sessionHeader, sessionView } from '../../shared/session/session-file';
import { traceFromText } from '../../shared/trace/trace-builder';
import { missingForCaptures } from '../support/capture-requirements';
import { readFixture } from '../support/fixtures';
import { kernelDropReasons } from '../support/kernel-drop-reasons';
import { expectNoneLeft, markedEnv } from '../support/processes';
import { requireOrSkip } from '../support/requirements';
import { savingBackend, type SavingBackend } from '../support/saving-backend';
import { makeReadOnly, missingMounts, mountSmallDisk, unmountAll } from '../support/small-disks';

const canCapture = requireOrSkip(missingForCaptures());
const canMount = requireOrSkip(missingMounts());

const view = (startUs: number, hiddenRows: string[]): SessionView => ({ range: { startUs, endUs: startUs + 100 }, selected: null, hiddenRows, filters: {} });
const FIRST = sessionHeader(view(1, ['eth0']));
const SECOND = sessionHeader(view(2, ['docker0']));
const THIRD = sessionHeader(view(3, []));

/** A real trace, with a byte no UTF-8 decoder would keep, which must reach the session as it is. */
const TRACE = Buffer.concat([Buffer.from(readFixture('ping2-system-wide.perf-script.txt')), Buffer.from([0xff, 0xfe, 0x0a])]);
/** The same trace saved once as a session before. */
const SAVED_BEFORE = Buffer.concat([Buffer.from(FIRST), TRACE]);

let dir: string;
let dataDir: string;
let opened: SavingBackend[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-saving-'));
  dataDir = await mkdtemp(join(tmpdir(), 'skbscope-saving-data-'));
});
afterEach(async () => {
  await Promise.all(opened.map((h) => h.backend.close()));
  opened = [];
  unmountAll();
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function app(options: Parameters<typeof savingBackend>[1] = {}): Promise<SavingBackend> {
  const h = await savingBackend(dataDir, options);
  opened.push(h);
  return h;
}

function file(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const sessionLines = (text: string): number => text.split('\n').filter((line) => line.startsWith('# skbscope session :')).length;

describe('saveSession of a granted file', () => {
  it('writes the header, then the file’s own bytes less an earlier save’s session lines, where the user says', async () => {
    const h = await app();
    const { fileId } = await h.open(file('ping2.skbscope', SAVED_BEFORE));
    const target = join(dir, 'out.skbscope');
    h.answers.push(target);
    expect(await h.request('saveSession', { trace: { kind: 'file', fileId }, header: SECOND, suggestedName: 'ping2.skbscope' })).toEqual({ kind: 'saved', name: 'out.skbscope' });
    expect(readFileSync(target)).toEqual(Buffer.concat([Buffer.from(SECOND), TRACE]));
    expect(h.asked).toEqual([
      {
        name: 'ping2.skbscope',
        folder: null,
        details: { kind: 'session', title: 'Save the session', filters: [{ name: 'Skbscope sessions', extensions: ['skbscope'] }, { name: 'All files', extensions: ['*'] }] },
      },
    ]);
    // It opens as that view, with every event of the trace.
    const reopened = traceFromText(readFileSync(target, 'utf8'));
    expect(sessionView(reopened.metadata)).toEqual({ ok: true, value: view(2, ['docker0']) });
    expect(reopened.table.summary().events).toBe(traceFromText(TRACE.toString('utf8')).table.summary().events);
  });

  it('saved again over the file it came from, replaces the session lines and keeps the trace', async () => {
    const h = await app();
    const source = file('ping2.skbscope', SAVED_BEFORE);
    const { fileId } = await h.open(source);
    h.answers.push(source, source);
    await h.request('saveSession', { trace: { kind: 'file', fileId }, header: SECOND, suggestedName: 'ping2.skbscope' });
    await h.request('saveSession', { trace: { kind: 'file', fileId }, header: THIRD, suggestedName: 'ping2.skbscope' });
    const saved = readFileSync(source);
    expect(saved).toEqual(Buffer.concat([Buffer.from(THIRD), TRACE]));
    expect(sessionLines(saved.toString('utf8'))).toBe(1);
    // The folder it was saved to is offered the second time.
    expect(h.asked.map((a) => a.folder)).toEqual([null, dir]);
  });

  it('answers cancelled and writes nothing when the dialog is cancelled', async () => {
    const h = await app();
    const { fileId } = await h.open(file('ping2.txt', TRACE));
    h.answers.push(null);
    expect(await h.request('saveSession', { trace: { kind: 'file', fileId }, header: SECOND, suggestedName: 'ping2.skbscope' })).toEqual({ kind: 'cancelled' });
    expect(readdirSync(dir).sort()).toEqual(['ping2.txt']);
  });

  it('says why it cannot save, before asking where: a file gone, a pipe, a file it never opened', async () => {
    const h = await app();
    const gone = file('gone.txt', TRACE);
    const { fileId } = await h.open(gone);
    await unlink(gone);
    expect(await h.refusal('saveSession', { trace: { kind: 'file', fileId }, header: SECOND, suggestedName: 'gone.skbscope' })).toBe(
      `${gone} does not exist. It may have been moved, renamed or deleted: check the name and open it again.`,
    );
    // `skbscope <(perf trace …)`: read once when it was opened.
    const fifo = join(dir, 'perf.fifo');
    execFileSync('mkfifo', [fifo]);
    const withPipe = await app({ openAtStart: [fifo] });
    const [pipe] = (await withPipe.request('hello', {})).openAtStart;
    expect(await withPipe.refusal('saveSession', { trace: { kind: 'file', fileId: pipe?.fileId ?? '' }, header: SECOND, suggestedName: 'p.skbscope' })).toBe(
      `${fifo} is not a regular file (a pipe can be read only once), so its session cannot be saved from it. Save the trace to a file, open that file, and save its session.`,
    );
    expect(await h.refusal('saveSession', { trace: { kind: 'file', fileId: 'f'.repeat(32) }, header: SECOND, suggestedName: 'x.skbscope' })).toMatch(/^That file was not opened in this Skbscope session/);
    expect(await h.refusal('saveSession', { trace: { kind: 'capture', captureId: 'c'.repeat(32) }, header: SECOND, suggestedName: 'x.skbscope' })).toMatch(/^That capture is not known in this window/);
    expect([...h.asked, ...withPipe.asked]).toEqual([]);
  });

  it('refuses a header that is not only `# ` lines', async () => {
    const h = await app();
    const { fileId } = await h.open(file('ping2.txt', TRACE));
    expect(await h.refusal('saveSession', { trace: { kind: 'file', fileId }, header: '# ok\n     0.000 fake event\n', suggestedName: 'x.skbscope' })).toMatch(
      /^The backend refused a malformed saveSession request: saveSession parameters\.header:/,
    );
    expect(h.asked).toEqual([]);
  });
});

describe.runIf(canCapture)('saveSession of a capture', () => {
  let mark: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    ({ mark, env } = markedEnv());
  });
  afterEach(async () => {
    await Promise.all(opened.map((h) => h.backend.close()));
    opened = [];
    await expectNoneLeft(mark);
  }, 20_000);

  it('writes the header, then the capture as it was kept: its own header and perf’s bytes; not while it runs', async () => {
    const h = await app({ captureTarget: { env } });
    const events = ['net:net_dev_queue', 'net:netif_receive_skb'];
    const running = await h.start({ events, filters: {}, mode: { kind: 'system', seconds: null }, maxEvents: DEFAULT_MAX_EVENTS });
    expect(await h.refusal('saveSession', { trace: { kind: 'capture', captureId: running.captureId }, header: SECOND, suggestedName: 'x.skbscope' })).toBe(
      'The capture is still running: stop it first, then save it.',
    );
    await h.request('stopCapture', { captureId: running.captureId });
    await h.ended(running.captureId);

    const { captureId } = await h.start({ events, filters: {}, mode: { kind: 'command', argv: ['ping', '-c1', '-W2', '127.0.0.1'] }, maxEvents: DEFAULT_MAX_EVENTS });
    await h.ended(captureId);
    const target = join(dir, 'ping.skbscope');
    h.answers.push(target);
    expect(await h.request('saveSession', { trace: { kind: 'capture', captureId }, header: SECOND, suggestedName: 'ping.skbscope' })).toEqual({ kind: 'saved', name: 'ping.skbscope' });
    const saved = readFileSync(target, 'utf8');
    expect(saved).toBe(SECOND + h.textOf(captureId));
    expect(saved).toContain(`# skb drop reasons : ${kernelDropReasons()}\n`);
    expect(saved).toContain('name: "lo"');
    expect(sessionView(traceFromText(saved).metadata)).toEqual({ ok: true, value: view(2, ['docker0']) });
  });
});

describe('saveBytes', () => {
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256))]);

  it('writes the page’s bytes exactly where the user says, with the dialog of their kind', async () => {
    const h = await app();
    const target = join(dir, 'timeline.png');
    h.answers.push(target);
    expect(await h.request('saveBytes', { purpose: 'image', suggestedName: 'timeline.png', base64: png.toString('base64') })).toEqual({ kind: 'saved', name: 'timeline.png' });
    expect(readFileSync(target)).toEqual(png);
    expect(h.asked[0]).toEqual({
      name: 'timeline.png',
      folder: null,
      details: { kind: 'image', title: 'Export the timeline as an image', filters: [{ name: 'PNG images', extensions: ['png'] }, { name: 'All files', extensions: ['*'] }] },
    });
    h.answers.push(null);
    expect(await h.request('saveBytes', { purpose: 'image', suggestedName: '../../etc/passwd', base64: png.toString('base64') })).toEqual({ kind: 'cancelled' });
    expect(h.asked[1]?.name).toBe('_.._etc_passwd');
  });

  it('replaces a file with a new one of the old one’s permissions', async () => {
    const h = await app();
    const target = file('old.png', 'old');
    execFileSync('chmod', ['0640', target]);
    h.answers.push(target);
    await h.request('saveBytes', { purpose: 'image', suggestedName: 'old.png', base64: png.toString('base64') });
    expect(readFileSync(target)).toEqual(png);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['old.png']);
  });

  it('is refused in the browser preview, whose page downloads what it made itself', async () => {
    const h = await app({ dialogs: false });
    expect(await h.refusal('saveBytes', { purpose: 'image', suggestedName: 'timeline.png', base64: png.toString('base64') })).toBe(
      'The browser preview has no save dialog, so it does not save what the page made: the page downloads it itself.',
    );
  });
});

describe.runIf(canMount)('a save that fails', () => {
  const big = Buffer.alloc(1024 * 1024, 0x41);

  it('on a full disk leaves the file there as it was, and no temporary file, and says the disk is full', async () => {
    const disk = join(dir, 'full');
    mountSmallDisk(disk, 256);
    const old = join(disk, 'timeline.png');
    writeFileSync(old, 'the picture saved last week');
    const h = await app();
    h.answers.push(old);
    expect(await h.refusal('saveBytes', { purpose: 'image', suggestedName: 'timeline.png', base64: big.toString('base64') })).toBe(
      `Could not save ${old}: the disk is full. Free some space or choose another disk; any file already there was left as it was.`,
    );
    expect(readFileSync(old, 'utf8')).toBe('the picture saved last week');
    expect(readdirSync(disk)).toEqual(['timeline.png']);

    // A session streamed from a file larger than the disk fails the same way.
    const { fileId } = await h.open(file('big.txt', Buffer.concat([TRACE, big])));
    const oldSession = join(disk, 'big.skbscope');
    writeFileSync(oldSession, SAVED_BEFORE);
    h.answers.push(oldSession);
    expect(await h.refusal('saveSession', { trace: { kind: 'file', fileId }, header: SECOND, suggestedName: 'big.skbscope' })).toBe(
      `Could not save ${oldSession}: the disk is full. Free some space or choose another disk; any file already there was left as it was.`,
    );
    expect(readFileSync(oldSession)).toEqual(SAVED_BEFORE);
    expect(readdirSync(disk).sort()).toEqual(['big.skbscope', 'timeline.png']);
    // Nothing was saved there, so the folder is not offered next time.
    h.answers.push(null);
    await h.request('saveBytes', { purpose: 'image', suggestedName: 'again.png', base64: 'AAAA' });
    expect(h.asked.at(-1)?.folder).toBeNull();
  });

  it('on a read-only disk leaves the file there as it was, and says the disk is read-only', async () => {
    const disk = join(dir, 'read-only');
    mountSmallDisk(disk, 256);
    const old = join(disk, 'ping.skbscope');
    writeFileSync(old, SAVED_BEFORE);
    makeReadOnly(disk);
    const h = await app();
    const { fileId } = await h.open(file('ping2.txt', TRACE));
    h.answers.push(old);
    expect(await h.refusal('saveSession', { trace: { kind: 'file', fileId }, header: SECOND, suggestedName: 'ping.skbscope' })).toBe(
      `Could not save ${old}: that disk is read-only. Choose another folder.`,
    );
    expect(readFileSync(old)).toEqual(SAVED_BEFORE);
  });
});

describe('a save into a folder that has gone', () => {
  it('says the folder does not exist', async () => {
    const h = await app();
    const target = join(dir, 'gone', 'timeline.png');
    h.answers.push(target);
    expect(await h.refusal('saveBytes', { purpose: 'image', suggestedName: 'timeline.png', base64: 'AAAA' })).toBe(
      `Could not save ${target}: its folder does not exist. Choose another folder.`,
    );
    expect(existsSync(join(dir, 'gone'))).toBe(false);
  });
});

describe('the folder last saved to', () => {
  it('is offered again for that kind of file, after a restart too, and not once it has gone', async () => {
    const images = join(dir, 'images');
    const sessions = join(dir, 'sessions');
    mkdirSync(images);
    mkdirSync(sessions);
    const first = await app();
    first.answers.push(join(images, 'a.png'), join(sessions, 'a.skbscope'));
    await first.request('saveBytes', { purpose: 'image', suggestedName: 'a.png', base64: 'AAAA' });
    await first.request('saveBytes', { purpose: 'session', suggestedName: 'a.skbscope', base64: Buffer.from(FIRST).toString('base64') });
    expect(first.asked.map((a) => a.folder)).toEqual([null, null]);
    await first.backend.close();
    // Readable by its owner only: it names the user's folders.
    expect(statSync(join(dataDir, 'save-folders.json')).mode & 0o777).toBe(0o600);

    const second = await app();
    await second.request('saveBytes', { purpose: 'image', suggestedName: 'b.png', base64: 'AAAA' });
    await second.request('saveBytes', { purpose: 'session', suggestedName: 'b.skbscope', base64: 'AAAA' });
    expect(second.asked.map((a) => [a.details.kind, a.folder])).toEqual([
      ['image', images],
      ['session', sessions],
    ]);

    await rm(images, { recursive: true });
    const third = await app();
    await third.request('saveBytes', { purpose: 'image', suggestedName: 'c.png', base64: 'AAAA' });
    expect(third.asked.map((a) => a.folder)).toEqual([null]);
  });
});
