/**
 * A temporary local user for SSH tests (password login, sudo with or without a password), and
 * its removal: after the test, even a failed one, and at the start of the next run for whatever a
 * crashed run left behind. Users and sudoers files are named so only ours are ever touched, and a
 * user is a leftover only once the process that made it has gone (test files run side by side).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARK_NAME } from './sshd';

const USER_PREFIX = 'skbst';
const USER_NAME = /^skbst[0-9a-f]{8}$/;
const SUDOERS_DIR = '/etc/sudoers.d';
const SUDOERS_PREFIX = 'skbscope-test-';

export interface TestUser {
  name: string;
  password: string;
  uid: number;
  /** Its own, made for it: ~/.ssh and the app's data folder of a CLI run as this user go here. */
  home: string;
  /** Lets the user run anything as root through sudo, with or without their password. */
  allowSudo(withPassword: boolean): void;
  remove(): void;
}

export interface RecordingShell {
  /** The login shell to give a test user. */
  path: string;
  /** Every command sshd handed it (`sh -c COMMAND`), exactly as received. */
  commands(): string[];
  remove(): void;
}

/**
 * A login shell that records each command it is given before running it with /bin/sh: what a
 * server receives from the app, to the byte.
 */
export function recordingShell(): RecordingShell {
  const dir = mkdtempSync(join(tmpdir(), 'skbscope-shell-'));
  chmodSync(dir, 0o755);
  const log = join(dir, 'commands');
  writeFileSync(log, '');
  chmodSync(log, 0o666);
  const path = join(dir, 'shell');
  writeFileSync(path, `#!/bin/sh\nif [ "$1" = -c ]; then printf '%s\\0' "$2" >> '${log}'; fi\nexec /bin/sh "$@"\n`);
  chmodSync(path, 0o755);
  return {
    path,
    commands: () => readFileSync(log, 'utf8').split('\0').slice(0, -1),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function createTestUser(shell = '/bin/sh'): TestUser {
  removeLeftoverTestUsers();
  const name = USER_PREFIX + randomBytes(4).toString('hex');
  // Letters and digits only, so it survives every layer it is typed through.
  const password = `pw${randomBytes(9).toString('hex')}`;
  // A home of its own, as a server's users have (sshd and sudo complain without one).
  const home = join(tmpdir(), `skbscope-home-${name}`);
  execFileSync('useradd', ['--create-home', '--home-dir', home, '--shell', shell, '--comment', `${MAKER}${processStamp(process.pid)}`, name]);
  const remove = (): void => removeUser(name);
  const uid = uidOf(name);
  if (uid === null) {
    remove();
    throw new Error(`useradd made no user ${name}`);
  }
  try {
    execFileSync('chpasswd', [], { input: `${name}:${password}\n` });
  } catch (err) {
    remove();
    throw err;
  }
  return {
    name,
    password,
    uid,
    home,
    allowSudo(withPassword) {
      const file = join(SUDOERS_DIR, SUDOERS_PREFIX + name);
      // The mark must reach perf through sudo's env_reset, or its processes could not be found.
      const text = `Defaults:${name} env_keep += "${MARK_NAME}"\n${name} ALL=(root) ${withPassword ? '' : 'NOPASSWD: '}ALL\n`;
      writeFileSync(file, text, { mode: 0o440 });
      execFileSync('visudo', ['-c', '-q', '-f', file]);
    },
    remove,
  };
}

function removeUser(name: string): void {
  rmSync(join(SUDOERS_DIR, SUDOERS_PREFIX + name), { force: true });
  // Its processes first (a session a test killed the connection of), or userdel refuses.
  const uid = uidOf(name);
  if (uid !== null) for (const pid of processesOf(uid)) killProcess(pid);
  try {
    execFileSync('userdel', ['--remove', name], { stdio: 'ignore' });
  } catch {
    // Gone already.
  }
}

/** Users (and sudoers files) of runs that ended before removing them. */
function removeLeftoverTestUsers(): void {
  const entries = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const [name = '', , , , comment = ''] of entries) {
    if (!USER_NAME.test(name)) continue;
    const maker = comment.startsWith(MAKER) ? comment.slice(MAKER.length) : '';
    const [pid = ''] = maker.split('/');
    if (maker === '' || processStamp(Number(pid)) !== maker) removeUser(name);
  }
  if (!existsSync(SUDOERS_DIR)) return;
  for (const file of readdirSync(SUDOERS_DIR)) {
    const name = file.slice(SUDOERS_PREFIX.length);
    if (file.startsWith(SUDOERS_PREFIX) && USER_NAME.test(name) && uidOf(name) === null) rmSync(join(SUDOERS_DIR, file), { force: true });
  }
}

const MAKER = 'skbscope test user of ';

/** `pid/start time`: names a process, and not a later one that got its pid; '' when it is gone. */
function processStamp(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return `${pid}/${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''}`;
  } catch {
    return '';
  }
}

function uidOf(name: string): number | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const uid = Number(line?.split(':')[2]);
  return Number.isInteger(uid) && uid > 0 ? uid : null;
}

/** The processes running as `uid` (real or effective), by pid. */
function processesOf(uid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'latin1'));
      if (ids !== null && (Number(ids[1]) === uid || Number(ids[2]) === uid)) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

function killProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}
