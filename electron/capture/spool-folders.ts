/**
 * The private folders captures are spooled in (os.tmpdir()/skbscope-spool-…), named for the process
 * that made them, so that the folders of a process killed outright (SIGKILL, a crash, the machine
 * losing power with /tmp on disk) can be told apart and removed by the next one that starts.
 *
 * The name is `skbscope-spool-<pid namespace>-<pid>-<start time>-XXXXXX`: the start time (clock
 * ticks after boot, from /proc/PID/stat) tells the process from a later one that got the same pid,
 * and the pid namespace keeps a process from judging folders whose makers it cannot see (another
 * container sharing /tmp with this one).
 */
import { lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessIdentity {
  /** The inode of the pid namespace the pid belongs to. */
  pidNamespace: string;
  pid: number;
  /** When it started, in clock ticks after boot. */
  startTime: string;
}

const PREFIX = 'skbscope-spool-';
/** Ours, with mkdtemp's six random characters at the end; nothing else is ever swept. */
const SPOOL_NAME = /^skbscope-spool-(\d+)-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;

/** The name prefix of the spool folders of `owner` (mkdtemp adds the rest). */
export function spoolDirPrefix(owner: ProcessIdentity): string {
  return `${PREFIX}${owner.pidNamespace}-${owner.pid}-${owner.startTime}-`;
}

/**
 * A process this one can see, identified so that a later one with the same pid is not taken for
 * it; null when it is gone (or /proc cannot say).
 */
export async function processIdentity(pid: number): Promise<ProcessIdentity | null> {
  const [pidNamespace, stat] = await Promise.all([ownPidNamespace(), procStat(pid)]);
  if (pidNamespace === null || stat === null || stat === 'unknown' || !stat.alive) return null;
  return { pidNamespace, pid, startTime: stat.startTime };
}

/**
 * A new private folder (mode 0700) for this process's captures. Where /proc cannot say who this
 * process is, the folder gets a name that is never swept.
 */
export async function makeSpoolDir(parent = tmpdir()): Promise<string> {
  const self = await processIdentity(process.pid);
  return mkdtemp(join(parent, self === null ? 'skbscope-' : spoolDirPrefix(self)));
}

/**
 * Removes the spool folders in `parent` whose process has ended without removing them: only folders
 * named as ours, owned by this user, that are folders themselves (never a symbolic link, which is
 * not followed), made in this pid namespace by a process that is no longer running. Never rejects;
 * resolves with the folders removed.
 */
export async function sweepAbandonedSpoolDirs(parent = tmpdir()): Promise<string[]> {
  const uid = process.getuid?.();
  const pidNamespace = await ownPidNamespace();
  if (uid === undefined || pidNamespace === null) return [];
  const names = await readdir(parent).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = SPOOL_NAME.exec(name);
    if (!m || m[1] !== pidNamespace) continue;
    const path = join(parent, name);
    const info = await lstat(path).catch(() => null);
    if (info === null || !info.isDirectory() || info.uid !== uid) continue;
    if (await stillRunning(Number(m[2]), m[3] ?? '')) continue;
    // The folder is ours and /tmp is sticky, so no one else can put a link in its place meanwhile;
    // rm removes links inside it as links.
    await rm(path, { recursive: true, force: true }).then(
      () => removed.push(path),
      () => undefined,
    );
  }
  return removed;
}

async function stillRunning(pid: number, startTime: string): Promise<boolean> {
  const stat = await procStat(pid);
  if (stat === 'unknown') return true;
  return stat !== null && stat.alive && stat.startTime === startTime;
}

let ownNamespace: Promise<string | null> | null = null;

/** `pid:[4026531836]` → `4026531836`. */
function ownPidNamespace(): Promise<string | null> {
  ownNamespace ??= readlink('/proc/self/ns/pid').then(
    (link) => /^pid:\[(\d+)\]$/.exec(link)?.[1] ?? null,
    () => null,
  );
  return ownNamespace;
}

/**
 * What /proc/PID/stat says: null when there is no such process, 'unknown' when it cannot be read
 * for another reason (then the process is taken to be running: nothing is removed on a guess).
 */
async function procStat(pid: number): Promise<{ alive: boolean; startTime: string } | null | 'unknown'> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'latin1');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ESRCH' ? null : 'unknown';
  }
  // `pid (comm) state ppid …`: comm may hold spaces and parentheses; start time is field 22.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '';
  const startTime = fields[19] ?? '';
  if (!/^\d+$/.test(startTime)) return 'unknown';
  // A zombie has ended; only its parent has yet to collect its status.
  return { alive: state !== 'Z' && state !== 'X', startTime };
}
