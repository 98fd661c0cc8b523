import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DROP_REASONS_KEY, reasonsFromFormat, reasonsFromHeader } from '../../../shared/journeys/drop-reasons';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { captureHeader } from '../../../electron/capture/capture-header';
import { CaptureSpool } from '../../../electron/capture/capture-spool';
import { fixturePath } from '../../support/fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-spool-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function filledSpool(): Promise<{ spool: CaptureSpool; bytes: Buffer }> {
  const spool = new CaptureSpool(join(dir, 'spool.txt'));
  // Bytes as perf wrote them, a character split between two writes included.
  const bytes = Buffer.from('# header\n     0.000 ping/1 net:netif_rx(name: "µ-dev")\n');
  const cut = bytes.indexOf(Buffer.from('µ')) + 1;
  spool.write(bytes.subarray(0, cut));
  spool.write(bytes.subarray(cut));
  return { spool, bytes };
}

describe('CaptureSpool', () => {
  it('keeps what was written byte for byte, readable by its owner only', async () => {
    const { spool, bytes } = await filledSpool();
    await spool.finish();
    expect(await readFile(spool.path)).toEqual(bytes);
    expect((await stat(spool.path)).mode & 0o777).toBe(0o600);
  });

  it('is followed from its first byte as it is written, to its end once it is finished', async () => {
    const { spool, bytes } = await filledSpool();
    const got: Buffer[] = [];
    const follower = spool.follow();
    follower.on('data', (b: Buffer) => got.push(b));
    const ended = new Promise((resolve, reject) => follower.on('end', resolve).on('error', reject));
    await expect.poll(() => Buffer.concat(got).length).toBe(bytes.length);
    // Written while it is followed: it arrives without the spool being finished.
    const more = Buffer.from('     0.001 ping/1 net:net_dev_queue(len: 98)\n');
    spool.write(more);
    await expect.poll(() => Buffer.concat(got).length).toBe(bytes.length + more.length);
    let whole = false;
    void ended.then(() => (whole = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(whole).toBe(false);
    spool.write('# last\n');
    await spool.finish();
    await ended;
    expect(Buffer.concat(got).toString()).toBe(`${bytes.toString()}${more.toString()}# last\n`);
    // Followed from the moment it is made (its file may not be there yet), and once it is whole.
    const fresh = new CaptureSpool(join(dir, 'fresh.txt'));
    const early = fresh.follow().toArray();
    fresh.write('# header\n');
    await fresh.finish();
    expect(Buffer.concat(await early).toString()).toBe('# header\n');
    // Followed once it is whole, it is read to its end at once.
    expect(Buffer.concat(await spool.follow().toArray()).toString()).toBe(Buffer.concat(got).toString());
  });

  it('saves atomically over an existing file, leaving no temporary file behind', async () => {
    const { spool, bytes } = await filledSpool();
    const target = join(dir, 'out', 'capture.txt');
    await mkdir(join(dir, 'out'));
    await writeFile(target, 'old contents');
    await spool.saveAs(target);
    expect(await readFile(target)).toEqual(bytes);
    expect(await readdir(join(dir, 'out'))).toEqual(['capture.txt']);
    // A saved capture is an ordinary file of the user's, not private like the spool.
    expect((await stat(target)).mode & 0o044).not.toBe(0);
  });

  it('says why in plain words when the folder does not exist', async () => {
    const { spool } = await filledSpool();
    const target = join(dir, 'missing', 'capture.txt');
    await expect(spool.saveAs(target)).rejects.toThrow(`Could not save ${target}: its folder does not exist. Choose another folder.`);
  });

  it('leaves an existing file as it was when the save fails', async () => {
    const { spool } = await filledSpool();
    const target = join(dir, 'taken');
    // A folder where the file should go: the rename fails after the copy was made.
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'keep me');
    await expect(spool.saveAs(target)).rejects.toThrow(`Could not save ${target}: a folder has that name. Choose another name.`);
    expect(await readFile(join(target, 'inside.txt'), 'utf8')).toBe('keep me');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves an existing file as it was when the folder may not be written', async () => {
    const { spool } = await filledSpool();
    await spool.finish();
    const folder = join(dir, 'locked');
    await mkdir(folder);
    const target = join(folder, 'capture.txt');
    await writeFile(target, 'old contents');
    await chmod(dir, 0o755);
    await chmod(folder, 0o555);
    // Root writes anywhere, so as root the save runs with the effective uid of nobody.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) process.seteuid?.(65534);
    try {
      await expect(spool.saveAs(target)).rejects.toThrow(`Could not save ${target}: you may not write in that folder.`);
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
    expect(await readFile(target, 'utf8')).toBe('old contents');
    expect(await readdir(folder)).toEqual(['capture.txt']);
  });

  it('is gone after remove()', async () => {
    const { spool } = await filledSpool();
    await spool.remove();
    await expect(stat(spool.path)).rejects.toThrow(/ENOENT/);
  });
});

describe('captureHeader', () => {
  it('writes perf script --header style `# key : value` lines between rules, with no drop reasons line when the table is unknown', () => {
    const header = captureHeader({
      capturedOn: new Date('2026-11-25T13:00:00.000Z'),
      hostname: 'myhost',
      osRelease: '6.18.44',
      perfVersion: 'perf version 6.1.187',
      cmdline: "perf trace --no-syscalls -e 'net:*' -- ping -c1 172.17.0.2",
      skbscopeVersion: '0.1.0',
      dropReasons: new Map(),
    });
    expect(header).toBe(
      [
        '# ========',
        '# captured on : 2026-11-25T13:00:00.000Z',
        '# hostname : myhost',
        '# os release : 6.18.44',
        '# perf version : perf version 6.1.187',
        "# cmdline : perf trace --no-syscalls -e 'net:*' -- ping -c1 172.17.0.2",
        '# skbscope version : 0.1.0',
        '# ========',
        '',
      ].join('\n'),
    );
  });

  it('keeps every value on its line', () => {
    const header = captureHeader({
      capturedOn: new Date(0),
      hostname: 'h',
      osRelease: 'r',
      perfVersion: null,
      cmdline: "perf trace -- echo 'a\nb'",
      skbscopeVersion: 'v',
      dropReasons: new Map(),
    });
    expect(header.split('\n')).toHaveLength(9);
    expect(header).toContain('# perf version : unknown\n');
    expect(header).toContain("# cmdline : perf trace -- echo 'a b'\n");
  });

  it('keeps the kernel’s drop reasons last, in the line the parser and the CLI read them from', () => {
    const dropReasons = reasonsFromFormat(readFileSync(fixturePath('kfree_skb-format-linux-6.18.txt'), 'utf8'));
    const header = captureHeader({ capturedOn: new Date(0), hostname: 'h', osRelease: 'r', perfVersion: null, cmdline: 'perf trace', skbscopeVersion: 'v', dropReasons });
    expect(header).toMatch(/\n# skbscope version : v\n# skb drop reasons : 2=NOT_SPECIFIED,3=NO_SOCKET,4=SOCKET_CLOSE,.*,128=MAX\n# ========\n$/);
    const parsed = traceFromText(header);
    expect(reasonsFromHeader(parsed.metadata[DROP_REASONS_KEY])).toEqual(dropReasons);
  });
});
