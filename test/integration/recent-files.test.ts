/**
 * The recent files, through the backend connection as the renderer asks for them and as
 * Electron's menu reads them: files opened through the backend (the open dialog, the command
 * line, a second launch) and sessions it saved, most recent first, once each, only those still
 * there, at most ten, across restarts; offered as grants the renderer reads like any other; a
 * damaged list said in words and left for the user.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_RECENT_FILES } from '../../shared/api';
import { sessionHeader } from '../../shared/session/session-file';
import { savingBackend, type SavingBackend } from '../support/saving-backend';

let dir: string;
let dataDir: string;
let opened: SavingBackend[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-recent-'));
  dataDir = await mkdtemp(join(tmpdir(), 'skbscope-recent-data-'));
});
afterEach(async () => {
  await Promise.all(opened.map((h) => h.backend.close()));
  opened = [];
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function app(options: Parameters<typeof savingBackend>[1] = {}): Promise<SavingBackend> {
  const h = await savingBackend(dataDir, options);
  opened.push(h);
  return h;
}

function trace(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `# hostname : ${name}\n     0.000 ping/1 net:netif_rx(skbaddr: 0x1, len: 84, name: "eth0")\n`);
  return path;
}

const names = async (h: SavingBackend): Promise<string[]> => (await h.request('listRecent', {})).files.map((f) => f.name);

describe('the recent files', () => {
  it('are the files opened through the backend, most recent first, once each', async () => {
    const [a, b, c] = [trace('a.txt'), trace('b.txt'), trace('c.txt')];
    const h = await app({ openAtStart: [a] });
    expect(await names(h)).toEqual([]);
    // The command line's file, once the window reads it.
    const [atStart] = (await h.request('hello', {})).openAtStart;
    await h.read(atStart?.fileId ?? '');
    // The open dialog's.
    await h.open(b);
    // A second launch's (or File › Open Recent's), offered to the window, which reads it.
    await h.connection.offerFile(c);
    const offered = h.log.flatMap((e) => (e.name === 'fileOffered' && 'fileId' in e.payload ? [e.payload.fileId] : []));
    await h.read(offered[0] ?? '');
    await h.open(a);
    expect(await names(h)).toEqual(['a.txt', 'c.txt', 'b.txt']);
  });

  it('are offered as fresh grants, read like any file opened', async () => {
    const a = trace('a.txt');
    const h = await app();
    const first = await h.open(a);
    const [recent] = (await h.request('listRecent', {})).files;
    expect(recent).toMatchObject({ name: 'a.txt', size: statSync(a).size });
    expect(recent?.fileId).not.toBe(first.fileId);
    expect(await h.read(recent?.fileId ?? '')).toBe(readFileSync(a, 'utf8'));
  });

  it('leave out files that have gone, and what cannot be a file to open again', async () => {
    const [a, b] = [trace('a.txt'), trace('b.txt')];
    const h = await app({ openAtStart: [dir] });
    await h.open(a);
    await h.open(b);
    await unlink(a);
    expect(await names(h)).toEqual(['b.txt']);
    // A folder named on the command line fails to read, and is no recent file.
    const [folder] = (await h.request('hello', {})).openAtStart;
    await expect(h.read(folder?.fileId ?? '')).rejects.toThrow(/is a folder/);
    expect(await names(h)).toEqual(['b.txt']);
  });

  it(`keep the last ${MAX_RECENT_FILES}, across restarts, and tell Electron's menu when they change`, async () => {
    const files = Array.from({ length: MAX_RECENT_FILES + 2 }, (_, i) => trace(`f${i}.txt`));
    const h = await app();
    const changes: string[][] = [];
    h.backend.onRecentFilesChange((paths) => changes.push([...paths]));
    for (const path of files) await h.open(path);
    const newestFirst = [...files].reverse().slice(0, MAX_RECENT_FILES);
    // Asking for the list waits for the changes before it.
    expect(await names(h)).toEqual(newestFirst.map((p) => p.slice(dir.length + 1)));
    expect(changes).toHaveLength(files.length);
    expect(changes.at(-1)).toEqual(newestFirst);
    // Opening the first of them again changes the order, and says so.
    await h.open(files.at(-1) ?? '');
    await h.backend.recentFiles();
    expect(changes).toHaveLength(files.length);
    await h.open(files.at(-2) ?? '');
    await h.backend.recentFiles();
    expect(changes.at(-1)?.slice(0, 2)).toEqual([files.at(-2), files.at(-1)]);
    await h.backend.close();

    const later = await app();
    expect(await later.backend.recentFiles()).toEqual([files.at(-2), files.at(-1), ...newestFirst.slice(2)]);
    // Readable by its owner only: it names the user's files.
    expect(statSync(join(dataDir, 'recent.json')).mode & 0o777).toBe(0o600);
  });

  it('take in the sessions saved, first', async () => {
    const a = trace('a.txt');
    const sessions = join(dir, 'sessions');
    mkdirSync(sessions);
    const h = await app();
    const { fileId } = await h.open(a);
    h.answers.push(join(sessions, 'a.skbscope'), join(sessions, 'page.skbscope'), join(dir, 'picture.png'));
    const header = sessionHeader({ range: { startUs: 0, endUs: 1 }, selected: null, hiddenRows: [], filters: {} });
    await h.request('saveSession', { trace: { kind: 'file', fileId }, header, suggestedName: 'a.skbscope' });
    expect(await names(h)).toEqual(['a.skbscope', 'a.txt']);
    await h.request('saveBytes', { purpose: 'session', suggestedName: 'page.skbscope', base64: Buffer.from(header).toString('base64') });
    // An image is no file to open in Skbscope.
    await h.request('saveBytes', { purpose: 'image', suggestedName: 'picture.png', base64: 'AAAA' });
    await vi.waitFor(async () => expect(await names(h)).toEqual(['page.skbscope', 'a.skbscope', 'a.txt']));
  });

  it('say in words when their list is damaged, and leave it as it was', async () => {
    const a = trace('a.txt');
    const list = join(dataDir, 'recent.json');
    const h = await app();
    for (const [text, why] of [
      ['{"files": ["/tmp/a.txt",', 'it is not valid JSON'],
      ['{"files": ["relative/a.txt"]}', `${list}.files[0]: expected a string of 2–4096 characters matching`],
      [JSON.stringify({ files: Array.from({ length: 11 }, (_, i) => `/f${i}`) }), `${list}.files: expected a list of at most 10, got a list of 11`],
    ] as const) {
      writeFileSync(list, text);
      const problem = await h.refusal('listRecent', {});
      expect(problem).toContain(`The list of recent files (${list}) is damaged: ${why}`);
      expect(problem).toMatch(/Fix it, or remove it to start afresh\.$/);
      // Opening a file does not overwrite it with a list of its own (the menu's look waits for that open's turn).
      await h.open(a);
      await expect(h.backend.recentFiles()).rejects.toThrow(problem);
      expect(readFileSync(list, 'utf8')).toBe(text);
    }
  });
});
