/**
 * A real OpenSSH server for a test: Debian's /usr/sbin/sshd in the foreground on 127.0.0.1 and a
 * free port, with host keys generated for it, its own config, authorized_keys files and log in a
 * temporary folder, and nothing written anywhere else. Every session it starts carries a mark in
 * its environment (sshd's SetEnv), so a test can find the processes started for it on the
 * "server", which is this machine.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesMarked } from './processes';

export const SSHD = '/usr/sbin/sshd';
export const MARK_NAME = 'SKBSCOPE_TEST_MARK';

export interface SshdOptions {
  password?: boolean;
  /** Through PAM, which asks for the password as one keyboard-interactive prompt. */
  keyboardInteractive?: boolean;
  /** A jump host must forward TCP; the others need not. */
  tcpForwarding?: boolean;
  /** More sshd_config lines; they come first, so they win over the defaults (sshd keeps a keyword's first value). */
  extra?: string[];
}

export interface HostKey {
  /** ssh-ed25519 … */
  type: string;
  /** The public key's wire blob, as a client sees it. */
  blob: Buffer;
  /** The `.pub` line: `type base64 comment`. */
  publicLine: string;
}

export interface TestSshd {
  port: number;
  dir: string;
  hostKey: HostKey;
  /** Every session of this server has `SKBSCOPE_TEST_MARK=mark` in its environment. */
  mark: string;
  /** Lets `user` log in with these public keys (`.pub` lines). */
  authorize(user: string, publicLines: string[]): void;
  /** What sshd logged so far. */
  log(): string;
  /** The sshd processes that serve a session of this server (the ones a dropped connection kills). */
  sessionServers(): number[];
  stop(): Promise<void>;
}

export function missingSshd(): string | null {
  try {
    execFileSync(SSHD, ['-V'], { stdio: 'ignore' });
  } catch (err) {
    // sshd -V prints its version and exits 1.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'sshd not found (apt-get install openssh-server)';
  }
  for (const [tool, pkg] of [['ssh-keygen', 'openssh-client'], ['ssh-agent', 'openssh-client'], ['sudo', 'sudo'], ['useradd', 'passwd']]) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} not found (apt-get install ${pkg})`;
    }
  }
  return process.getuid?.() === 0 ? null : 'not running as root (the tests start sshd and add a test user)';
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function generateHostKey(path: string): HostKey {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'skbscope-test-host', '-f', path]);
  const publicLine = readFileSync(`${path}.pub`, 'utf8').trim();
  const [type = '', base64 = ''] = publicLine.split(' ');
  return { type, blob: Buffer.from(base64, 'base64'), publicLine };
}

export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  // sshd refuses to start without its privilege separation folder, which only its service makes.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'skbscope-sshd-'));
  // sshd reads authorized_keys as the user logging in.
  chmodSync(dir, 0o755);
  const keyPath = join(dir, 'ssh_host_ed25519_key');
  const hostKey = generateHostKey(keyPath);
  const authorized = join(dir, 'authorized_keys');
  mkdirSync(authorized);
  const mark = randomBytes(8).toString('hex');
  const yesNo = (on: boolean | undefined): string => (on ? 'yes' : 'no');

  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        ...(options.extra ?? []),
        `ListenAddress 127.0.0.1:${port}`,
        `HostKey ${keyPath}`,
        'PidFile none',
        'StrictModes no',
        'PermitRootLogin yes',
        `AuthorizedKeysFile ${authorized}/%u`,
        'PubkeyAuthentication yes',
        `PasswordAuthentication ${yesNo(options.password)}`,
        `KbdInteractiveAuthentication ${yesNo(options.keyboardInteractive)}`,
        `UsePAM ${yesNo(options.keyboardInteractive)}`,
        `AllowTcpForwarding ${yesNo(options.tcpForwarding)}`,
        `SetEnv ${MARK_NAME}=${mark}`,
        'PrintMotd no',
        'PrintLastLog no',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const started = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) done(true);
      }, 20);
      const done = (ok: boolean): void => {
        clearInterval(timer);
        child.removeAllListeners('exit');
        resolve(ok);
      };
      child.once('exit', () => done(false));
    });
    if (!started) {
      // Someone took the port between freePort() and sshd's bind: try another.
      if (attempt < 3 && log.includes('Address already in use')) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start: ${log}`);
    }
    return {
      port,
      dir,
      hostKey,
      mark,
      authorize(user, publicLines) {
        writeFileSync(join(authorized, user), `${publicLines.join('\n')}\n`, { mode: 0o644 });
      },
      log: () => log,
      sessionServers: () => sessionServers(mark),
      stop: () => stop(child, dir, mark),
    };
  }
}

/** sshd's per-session processes: the parents of the marked session processes that are sshd. */
function sessionServers(mark: string): number[] {
  const parents = new Set<number>();
  for (const { pid } of processesMarked(mark)) {
    const parent = parentOf(pid);
    if (parent !== null && commOf(parent) === 'sshd') parents.add(parent);
  }
  return [...parents];
}

async function stop(child: ChildProcess, dir: string, mark: string): Promise<void> {
  // The listener's children (one per connection) outlive it; they go first, then what they started.
  const listener = child.pid;
  if (listener !== undefined) for (const pid of descendants(listener)) kill(pid);
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  for (const { pid } of processesMarked(mark)) kill(pid);
  rmSync(dir, { recursive: true, force: true });
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return [stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ...stat.slice(stat.lastIndexOf(')') + 2).split(' ')];
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  const fields = statFields(pid);
  return fields === null ? null : Number(fields[2]);
}

function commOf(pid: number): string | null {
  return statFields(pid)?.[0] ?? null;
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const visit = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}
