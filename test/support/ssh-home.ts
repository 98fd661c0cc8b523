/**
 * An isolated client side for SSH tests: a temporary home with its own ~/.ssh (config,
 * known_hosts, keys), read through an SshConfigSource that points there, so nothing a test does
 * touches the real ~/.ssh or /etc/ssh; user keys made by ssh-keygen; a real ssh-agent.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ServerPlaces } from '../../electron/ssh/servers/server-catalog';
import type { SshConfigSource } from '../../electron/ssh/ssh-config/config-source';

/**
 * For backends whose tests are not about servers: no ssh config, no saved servers, nothing real
 * read. The data folder is under a file, so nothing can be written there either, even by root:
 * such a backend remembers no recent files and no save folders across runs.
 */
export const NO_SERVERS: ServerPlaces = {
  dataDir: '/dev/null/skbscope-test-data',
  sshConfig: { userConfig: '/nonexistent/skbscope-test-home/.ssh/config', systemConfig: null, home: '/nonexistent/skbscope-test-home', localUser: 'nobody', env: {} },
};

export interface SshHome {
  home: string;
  ssh: string;
  /** The user's config and no system one: only what the test writes is read. */
  source: SshConfigSource;
  /** Saved servers in this home's ~/.config/skbscope, and its ssh config. */
  places: ServerPlaces;
  knownHosts: string;
  writeConfig(text: string): void;
  remove(): void;
}

export async function makeSshHome(env: Record<string, string> = {}): Promise<SshHome> {
  const home = await mkdtemp(join(tmpdir(), 'skbscope-ssh-home-'));
  const ssh = join(home, '.ssh');
  mkdirSync(ssh, { mode: 0o700 });
  const config = join(ssh, 'config');
  writeFileSync(config, '');
  const source: SshConfigSource = { userConfig: config, systemConfig: null, home, localUser: userInfo().username, env };
  return {
    home,
    ssh,
    source,
    places: { dataDir: join(home, '.config', 'skbscope'), sshConfig: source },
    knownHosts: join(ssh, 'known_hosts'),
    writeConfig: (text) => writeFileSync(config, text, { mode: 0o600 }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

export interface UserKey {
  path: string;
  publicLine: string;
}

/** A user key made by ssh-keygen, in OpenSSH's format; encrypted when given a passphrase. */
export function makeUserKey(path: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519', passphrase = ''): UserKey {
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', `skbscope-test-${type}`, '-f', path]);
  return { path, publicLine: readFileSync(`${path}.pub`, 'utf8').trim() };
}

export interface TestAgent {
  socket: string;
  add(keyPath: string): void;
  stop(): void;
}

/** A real ssh-agent on a socket of its own, in the foreground so the test owns its process. */
export async function startAgent(dir: string): Promise<TestAgent> {
  const socket = join(dir, 'agent.sock');
  const child: ChildProcess = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  for (let waited = 0; !existsSync(socket); waited += 20) {
    if (waited > 5000 || child.exitCode !== null) throw new Error('ssh-agent did not start');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    socket,
    add: (keyPath) => void execFileSync('ssh-add', ['-q', keyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' }),
    stop: () => void child.kill('SIGKILL'),
  };
}
