import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../electron/backend/backend';
import { makeSpoolDir, processIdentity, spoolDirPrefix, sweepAbandonedSpoolDirs } from '../../../electron/capture/spool-folders';
import { missingRoot } from '../../support/capture-requirements';
import { expectNoneLeft, markedEnv } from '../../support/processes';
import { requireOrSkip } from '../../support/requirements';
import { NO_SERVERS } from '../../support/ssh-home';

/**
 * A process that makes its spool folder with the app's own code (bundled as the app is), says where,
 * writes a spool file in it, and waits to be killed.
 */
const SPOOL_MAKER = (
  buildSync({
    stdin: {
      contents: `
        import { writeFileSync } from 'node:fs';
        import { join } from 'node:path';
        import { makeSpoolDir } from './spool-folders';
        void makeSpoolDir(process.env.SPOOL_PARENT).then((dir) => {
          writeFileSync(join(dir, 'capture.txt'), '# ========\\n');
          process.stdout.write(dir + '\\n');
          setInterval(() => undefined, 60_000);
        });`,
      resolveDir: fileURLToPath(new URL('../../../electron/capture', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  }).outputFiles[0] as { text: string }
).text;

let dir: string;
let mark: string;
let children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-sweep-test-'));
  mark = markedEnv().mark;
});
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children = [];
  await expectNoneLeft(mark);
  await rm(dir, { recursive: true, force: true });
});

/** Starts a spool maker; resolves with it and its folder once the folder is there. */
async function spoolMaker(): Promise<{ child: ChildProcess; folder: string }> {
  const marked = markedEnv();
  mark = marked.mark;
  const child = spawn(process.execPath, ['-e', SPOOL_MAKER], { env: { ...marked.env, SPOOL_PARENT: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const folder = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.endsWith('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`the spool maker exited with ${code}`)));
  });
  return { child, folder };
}

/** SIGKILL, as when the app is killed outright: nothing of its own cleanup runs. */
async function killOutright(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('spool folders', () => {
  it('are private, and named for the process that made them', async () => {
    const folder = await makeSpoolDir(dir);
    const self = await processIdentity(process.pid);
    expect(self).not.toBeNull();
    expect(folder.startsWith(join(dir, spoolDirPrefix(self!)))).toBe(true);
    expect(folder).toMatch(new RegExp(`/skbscope-spool-\\d+-${process.pid}-\\d+-[A-Za-z0-9]{6}$`));
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
  });

  it('are swept once the process that made them was killed, and only those', async () => {
    const { child, folder } = await spoolMaker();
    const mine = await makeSpoolDir(dir);
    const owner = await processIdentity(child.pid ?? -1);
    expect(owner).not.toBeNull();
    expect(folder.startsWith(join(dir, spoolDirPrefix(owner!)))).toBe(true);

    // While its process runs, a folder stays.
    expect(await sweepAbandonedSpoolDirs(dir)).toEqual([]);
    expect(existsSync(join(folder, 'capture.txt'))).toBe(true);

    // What looks like the dead process's but is not a folder of ours, or not ours to judge.
    const prefix = spoolDirPrefix(owner!);
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'keep.txt'), 'keep');
    const kept = {
      link: join(dir, `${prefix}LiNk01`),
      file: join(dir, `${prefix}File01`),
      longer: join(dir, `${prefix}Longer01`),
      otherNamespace: join(dir, `${spoolDirPrefix({ ...owner!, pidNamespace: '1' })}Other1`),
      notOurs: join(dir, 'skbscope-capture-abc123'),
    };
    await symlink(elsewhere, kept.link);
    await writeFile(kept.file, 'not a folder');
    for (const path of [kept.longer, kept.otherNamespace, kept.notOurs]) await mkdir(path);

    await killOutright(child);
    expect(await sweepAbandonedSpoolDirs(dir)).toEqual([folder]);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    for (const path of Object.values(kept)) expect(lstatSync(path, { throwIfNoEntry: false }), path).toBeDefined();
    // The link was not followed.
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
  });

  it('are swept when their pid now belongs to a later process', async () => {
    const self = await processIdentity(process.pid);
    const reused = join(dir, `${spoolDirPrefix({ ...self!, startTime: String(Number(self!.startTime) + 1) })}Reuse1`);
    await mkdir(reused);
    expect(await sweepAbandonedSpoolDirs(dir)).toEqual([reused]);
  });

  it.runIf(requireOrSkip(missingRoot()))('are left alone when another user owns them', async () => {
    const { child, folder } = await spoolMaker();
    chownSync(folder, 65534, 65534);
    await killOutright(child);
    expect(await sweepAbandonedSpoolDirs(dir)).toEqual([]);
    expect(existsSync(folder)).toBe(true);
  });

  it('are swept when a backend starts', async () => {
    const { child, folder } = await spoolMaker();
    await killOutright(child);
    // os.tmpdir() follows TMPDIR, as it does for the app.
    const before = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    try {
      const backend = await createBackend({ kind: 'preview', version: '0.0.1-test', openAtStart: [], servers: NO_SERVERS });
      // Closing waits for the sweep.
      await backend.close();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(existsSync(folder)).toBe(false);
  });
});
