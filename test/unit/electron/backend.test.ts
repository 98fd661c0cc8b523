import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES, type FileGrant } from '../../../shared/api';
import { parseEventPayload, parseRequestResult } from '../../../shared/api-validate';
import { errorOf, resultOf, startBackend } from './backend-harness';

const FIXTURE = new URL('../../fixtures/tcp-bulk-20MB.btf.txt', import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-backend-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The grant readFile answered with; here, as in Electron, its text comes as events (no textUrl). */
function grantFrom(result: unknown): FileGrant {
  const parsed = parseRequestResult('readFile', result);
  if (!parsed.ok) throw new Error(parsed.error);
  const { textUrl, ...grant } = parsed.value;
  expect(textUrl).toBeNull();
  return grant;
}

async function helloGrants(h: Awaited<ReturnType<typeof startBackend>>): Promise<FileGrant[]> {
  const info = parseRequestResult('hello', resultOf(await h.request('hello', {})));
  if (!info.ok) throw new Error(info.error);
  return info.value.openAtStart;
}

describe('hello', () => {
  it('describes the backend and grants the files named on the command line', async () => {
    const trace = join(dir, 'trace.txt');
    await writeFile(trace, 'hello\n');
    const h = await startBackend({ openAtStart: [trace] });
    const info = resultOf(await h.request('hello', {}));
    expect(parseRequestResult('hello', info).ok).toBe(true);
    expect(info).toMatchObject({ kind: 'electron', version: '9.9.9', nativeOpenDialog: false, captureAvailable: true });
    const [grant] = await helloGrants(h);
    expect(grant).toEqual({ fileId: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'trace.txt', size: 6 });
  });

  it('never hands the renderer a path', async () => {
    const trace = join(dir, 'secret-dir', 'trace.txt');
    const h = await startBackend({ openAtStart: [trace] });
    expect(JSON.stringify(resultOf(await h.request('hello', {})))).not.toContain('secret-dir');
  });

  it('says there is a native dialog only when the transport gives one', async () => {
    const h = await startBackend({ showOpenDialog: async () => null });
    expect(resultOf(await h.request('hello', {}))).toMatchObject({ nativeOpenDialog: true });
  });
});

describe('readFile', () => {
  it('streams a fixture byte for byte in chunks of about 1 MiB, then fileEnd', async () => {
    const expected = await readFile(FIXTURE, 'utf8');
    const size = Buffer.byteLength(expected);
    const h = await startBackend({ openAtStart: [FIXTURE.pathname] });
    const [grant] = await helloGrants(h);
    if (!grant) throw new Error('no grant');
    expect(grantFrom(resultOf(await h.request('readFile', { fileId: grant.fileId })))).toEqual(grant);
    expect(await h.finished(grant.fileId)).toEqual({ name: 'fileEnd', payload: { fileId: grant.fileId, bytesRead: size } });

    expect(h.textOf(grant.fileId)).toBe(expected);
    const chunks = h.events.filter((e) => e.name === 'fileChunk');
    expect(chunks.length).toBe(Math.ceil(size / FILE_CHUNK_BYTES));
    expect(chunks.map((c) => ('bytesRead' in c.payload ? c.payload.bytesRead : -1))).toEqual(
      chunks.map((_, i) => Math.min(size, (i + 1) * FILE_CHUNK_BYTES)),
    );
    for (const event of h.events) expect(parseEventPayload(event.name, event.payload).ok).toBe(true);
  });

  it.each([
    ['µ (2 bytes)', 'µ'],
    ['€ (3 bytes)', '€'],
    ['𝄞 (4 bytes)', '𝄞'],
  ])('keeps %s whole when its bytes straddle two reads', async (_label, char) => {
    const bytes = Buffer.byteLength(char);
    for (let before = 1; before < bytes; before++) {
      // `before` of the character's bytes end the first read, the rest start the second.
      const text = `${'a'.repeat(FILE_CHUNK_BYTES - before)}${char}tail ${char}\n`;
      const path = join(dir, `straddle-${before}.txt`);
      await writeFile(path, text);
      const h = await startBackend({ openAtStart: [path] });
      const [grant] = await helloGrants(h);
      if (!grant) throw new Error('no grant');
      await h.request('readFile', { fileId: grant.fileId });
      expect((await h.finished(grant.fileId)).name).toBe('fileEnd');
      expect(h.textOf(grant.fileId)).toBe(text);
      for (const e of h.events) if ('text' in e.payload) expect(e.payload.text).not.toContain('\uFFFD');
    }
  });

  it('streams a named pipe (skbscope <(perf trace …)) to its end', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const h = await startBackend({ openAtStart: [fifo] });
    const [grant] = await helloGrants(h);
    if (!grant) throw new Error('no grant');
    await h.request('readFile', { fileId: grant.fileId });
    await writeFile(fifo, 'line one\nline two\n');
    expect(await h.finished(grant.fileId)).toMatchObject({ name: 'fileEnd', payload: { bytesRead: 18 } });
    expect(h.textOf(grant.fileId)).toBe('line one\nline two\n');
  });

  it('reports a command-line file that does not exist as a fileError the user can act on', async () => {
    const missing = join(dir, 'no-such-trace.txt');
    const h = await startBackend({ openAtStart: [missing] });
    const [grant] = await helloGrants(h);
    expect(grant).toMatchObject({ name: 'no-such-trace.txt', size: 0 });
    if (!grant) throw new Error('no grant');
    expect(grantFrom(resultOf(await h.request('readFile', { fileId: grant.fileId })))).toEqual(grant);
    const end = await h.finished(grant.fileId);
    expect(end.name).toBe('fileError');
    expect(end.payload).toEqual({
      fileId: grant.fileId,
      message: `${missing} does not exist. It may have been moved, renamed or deleted: check the name and open it again.`,
    });
  });

  it('says a folder is a folder', async () => {
    const h = await startBackend({ openAtStart: [dir] });
    const [grant] = await helloGrants(h);
    if (!grant) throw new Error('no grant');
    await h.request('readFile', { fileId: grant.fileId });
    expect((await h.finished(grant.fileId)).payload).toMatchObject({ message: `${dir} is a folder, not a trace file. Open one of the trace files inside it instead.` });
  });

  it('says when permission is denied', async () => {
    // Root reads anything, so as root the read runs with the effective uid of nobody; the directory
    // is open to all and only the file itself is closed.
    const locked = join(dir, 'locked.txt');
    await writeFile(locked, 'secret\n');
    await chmod(dir, 0o755);
    await chmod(locked, 0o000);
    const h = await startBackend({ openAtStart: [locked] });
    const [grant] = await helloGrants(h);
    if (!grant) throw new Error('no grant');
    const asRoot = process.getuid?.() === 0;
    if (asRoot) process.seteuid?.(65534);
    try {
      await h.request('readFile', { fileId: grant.fileId });
      const end = await h.finished(grant.fileId);
      expect(end.name).toBe('fileError');
      expect(end.payload).toMatchObject({ message: expect.stringMatching(/^Permission denied reading .*locked\.txt\. Make it readable/) });
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
  });

  it('refuses a file id it never handed out, in words', async () => {
    const h = await startBackend();
    expect(errorOf(await h.request('readFile', { fileId: 'abcdef0123456789abcdef0123456789' }))).toBe(
      'That file was not opened in this Skbscope session (unknown file id). Open it again with Open… or by dropping it on the window.',
    );
    expect(h.events).toEqual([]);
  });

  it('refuses to read one grant twice at once', async () => {
    const big = join(dir, 'big.txt');
    await writeFile(big, 'x'.repeat(3 * FILE_CHUNK_BYTES));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const h = await startBackend({ openAtStart: [big], send: async () => (await gate, true) });
    const [grant] = await helloGrants(h);
    if (!grant) throw new Error('no grant');
    // Both at once, as a double click would send them.
    const replies = await Promise.all([h.request('readFile', { fileId: grant.fileId }), h.request('readFile', { fileId: grant.fileId })]);
    expect(replies.map((r) => r.ok)).toEqual([true, false]);
    expect(errorOf(await h.request('readFile', { fileId: grant.fileId }))).toBe('big.txt is already being read; wait for it to finish.');
    release();
  });

  it('stops reading when the renderer goes away', async () => {
    const big = join(dir, 'big.txt');
    await writeFile(big, 'x'.repeat(4 * FILE_CHUNK_BYTES));
    const sent: string[] = [];
    const h = await startBackend({
      openAtStart: [big],
      send: async (name) => {
        sent.push(name);
        if (sent.length === 1) h.connection.close();
        return true;
      },
    });
    const [grant] = await helloGrants(h);
    if (!grant) throw new Error('no grant');
    await h.request('readFile', { fileId: grant.fileId });
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toEqual(['fileChunk']);
    expect(errorOf(await h.request('hello', {}))).toMatch(/connection to the Skbscope backend is closed/);
  });
});

describe('requests that are not what the contract says', () => {
  it('answers an unknown method with the methods it knows', async () => {
    const h = await startBackend();
    expect(errorOf(await h.request('readDirectory', { path: '/' }))).toBe(
      'Unknown request "readDirectory": the backend answers hello, showOpenDialog, readFile, listServers, saveServer, forgetServer, captureTarget, startCapture, answerPrompt, stopCapture, saveCapture, saveBytes, saveSession, listRecent.',
    );
    expect(errorOf(await h.request({ evil: true }, {}))).toMatch(/^Unknown request of type object/);
  });

  it('refuses a path where a file id belongs', async () => {
    const h = await startBackend();
    expect(errorOf(await h.request('readFile', { path: '/etc/passwd' }))).toMatch(/^The backend refused a malformed readFile request: readFile parameters: unexpected field "path"/);
    expect(errorOf(await h.request('readFile', { fileId: '/etc/passwd' }))).toMatch(/malformed readFile request/);
  });
});

describe('open dialog', () => {
  it('is refused clearly where there is none (the browser preview)', async () => {
    const h = await startBackend();
    expect(errorOf(await h.request('showOpenDialog', {}))).toMatch(/^There is no native open dialog here: use the Open… button/);
  });

  it('grants the file the user picked, which can then be read', async () => {
    const picked = join(dir, 'picked.txt');
    await writeFile(picked, 'picked\n');
    const h = await startBackend({ showOpenDialog: async () => picked });
    const grant = parseRequestResult('showOpenDialog', resultOf(await h.request('showOpenDialog', {})));
    if (!grant.ok || !grant.value) throw new Error('no grant');
    expect(grant.value).toMatchObject({ name: 'picked.txt', size: 7 });
    await h.request('readFile', { fileId: grant.value.fileId });
    await h.finished(grant.value.fileId);
    expect(h.textOf(grant.value.fileId)).toBe('picked\n');
  });

  it('answers null when the user cancels', async () => {
    const h = await startBackend({ showOpenDialog: async () => null });
    expect(resultOf(await h.request('showOpenDialog', {}))).toBeNull();
  });
});

describe('offerFile', () => {
  it('offers a file the backend chose with a grant the renderer can read', async () => {
    const offered = join(dir, 'offered.txt');
    await mkdir(dir, { recursive: true });
    await writeFile(offered, 'offered\n');
    const h = await startBackend();
    await h.connection.offerFile(offered);
    const [event] = h.events;
    expect(event?.name).toBe('fileOffered');
    const grant = parseEventPayload('fileOffered', event?.payload);
    if (!grant.ok) throw new Error(grant.error);
    await h.request('readFile', { fileId: grant.value.fileId });
    await h.finished(grant.value.fileId);
    expect(h.textOf(grant.value.fileId)).toBe('offered\n');
  });
});
