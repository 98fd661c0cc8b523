/**
 * Real OpenSSH as the oracle for config resolution. ssh reads ~/.ssh from the password database's
 * home and its system config from /etc/ssh, neither of which a flag moves, so ssh runs in a private
 * mount namespace where a temporary home is bound over the real one and a temporary folder over
 * /etc/ssh. Nothing outside that namespace sees the change. Needs root and unshare(1).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { SshConfigSource } from '../../electron/ssh/ssh-config/config-source';
import { DEFAULT_PREFERRED_AUTHENTICATIONS, type ResolvedHost } from '../../electron/ssh/ssh-config/resolve-host';

export function missingSshOracle(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root (ssh -G runs in a private mount namespace)';
  if (spawnSync('ssh', ['-V'], { stdio: 'ignore' }).error !== undefined) return 'ssh not found (apt-get install openssh-client)';
  const probe = spawnSync('unshare', ['--mount', 'true'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) return 'unshare --mount does not work here (util-linux, root)';
  return null;
}

export interface SshSandbox {
  /** Stands in for the user's home: ~/.ssh/config lives in it. */
  home: string;
  /** Stands in for /etc/ssh. */
  etcSsh: string;
  /** The same files as our resolver sees them. */
  source: SshConfigSource;
  /** Writes a file under home (`.ssh/config`) or, with an absolute-looking `/etc/ssh/…` name, under etcSsh. */
  write(name: string, text: string): Promise<string>;
  /** Runs ssh with these arguments as it would run for the user, returning stdout and stderr. */
  ssh(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<{ stdout: string; stderr: string; code: number }>;
  /** Turns a path ssh printed (under the real home) into the sandbox path our resolver uses. */
  fromSsh(path: string): string;
  remove(): Promise<void>;
}

const REAL_HOME = userInfo().homedir;

export async function makeSshSandbox(): Promise<SshSandbox> {
  const root = await mkdtemp(join(tmpdir(), 'skbscope-ssh-'));
  const home = join(root, 'home');
  const etcSsh = join(root, 'etc-ssh');
  await mkdir(join(home, '.ssh'), { recursive: true });
  await chmod(join(home, '.ssh'), 0o700);
  await mkdir(etcSsh);
  await writeFile(join(etcSsh, 'ssh_config'), '');
  const source: SshConfigSource = { userConfig: join(home, '.ssh', 'config'), systemConfig: join(etcSsh, 'ssh_config'), home, localUser: userInfo().username, env: {} };
  return {
    home,
    etcSsh,
    source,
    async write(name, text) {
      const path = name.startsWith('/etc/ssh/') ? join(etcSsh, name.slice('/etc/ssh/'.length)) : join(home, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, { mode: 0o644 });
      return path;
    },
    ssh(args, env = {}) {
      const script = 'mount --bind "$1" "$2" && mount --bind "$3" /etc/ssh && shift 3 && exec ssh "$@"';
      return new Promise((resolve) => {
        execFile(
          'unshare',
          ['--mount', '--', 'sh', '-c', script, 'sh', home, REAL_HOME, etcSsh, ...args],
          { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: REAL_HOME, USER: userInfo().username, ...env }, timeout: 20_000 },
          (error, stdout, stderr) => resolve({ stdout, stderr, code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1 }),
        );
      });
    },
    fromSsh(path) {
      return path === REAL_HOME || path.startsWith(`${REAL_HOME}/`) ? home + path.slice(REAL_HOME.length) : path;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** `ssh -G` output: each keyword with its lines' values, in order. */
export type SshDump = ReadonlyMap<string, string[]>;

export function parseSshDump(text: string): SshDump {
  const dump = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const space = line.indexOf(' ');
    const key = (space < 0 ? line : line.slice(0, space)).toLowerCase();
    dump.set(key, [...(dump.get(key) ?? []), space < 0 ? '' : line.slice(space + 1)]);
  }
  return dump;
}

/** The fields of a ResolvedHost as ssh -G printed them, expanded the way ssh expands them later. */
export interface SshView {
  alias: string;
  hostname: string;
  port: number;
  user: string;
  identityFiles: string[];
  identitiesOnly: boolean;
  identityAgent: string | null;
  proxyJump: { user: string | null; host: string; port: number | null }[];
  proxyCommand: string | null;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking: string;
  hashKnownHosts: boolean;
  hostKeyAlias: string | null;
  connectTimeoutSeconds: number | null;
  serverAliveIntervalSeconds: number;
  preferredAuthentications: string[];
  passwordAuthentication: boolean;
  kbdInteractiveAuthentication: boolean;
  pubkeyAuthentication: boolean;
}

/**
 * ssh -G prints IdentityFile as written (ssh expands it only when loading keys) and
 * GlobalKnownHostsFile before its `~` is expanded; this test-side expansion stands in for that
 * step, and a separate test watches ssh load keys to check the resolver's own expansion.
 */
export function sshView(dump: SshDump, box: SshSandbox, localHostname: string): SshView {
  const one = (key: string): string | undefined => dump.get(key)?.[0];
  const required = (key: string): string => {
    const value = one(key);
    if (value === undefined) throw new Error(`ssh -G printed no ${key}`);
    return value;
  };
  const list = (key: string): string[] => {
    const value = required(key);
    return value === 'none' ? [] : value.split(' ');
  };
  const hostname = required('hostname');
  const port = required('port');
  const user = required('user');
  const alias = required('host');
  const tokens: Record<string, string> = {
    h: hostname,
    p: port,
    r: user,
    u: box.source.localUser,
    d: box.home,
    n: alias,
    l: localHostname,
    L: localHostname.split('.')[0] ?? localHostname,
    k: one('hostkeyalias') ?? alias,
  };
  const expand = (path: string): string => {
    const tilde = path === '~' || path.startsWith('~/') ? `${box.home}/${path.slice(2)}` : path;
    return tilde.replace(/%(.)/g, (_all, key: string) => (key === '%' ? '%' : (tokens[key] ?? `%${key}`)));
  };
  const strict: Record<string, string> = { true: 'yes', false: 'off', ask: 'ask', 'accept-new': 'accept-new' };
  const jump = one('proxyjump');
  return {
    alias,
    hostname,
    port: Number(port),
    user,
    identityFiles: (dump.get('identityfile') ?? []).filter((path) => path.toLowerCase() !== 'none').map(expand),
    identitiesOnly: required('identitiesonly') === 'yes',
    identityAgent: one('identityagent') === undefined ? null : box.fromSsh(required('identityagent')),
    proxyJump: jump === undefined ? [] : jump.split(',').map(parseHop),
    proxyCommand: one('proxycommand') ?? null,
    userKnownHostsFiles: list('userknownhostsfile').map((path) => box.fromSsh(path)),
    globalKnownHostsFiles: list('globalknownhostsfile').map(expand),
    strictHostKeyChecking: strict[required('stricthostkeychecking')] ?? `unexpected ${required('stricthostkeychecking')}`,
    hashKnownHosts: required('hashknownhosts') === 'yes',
    hostKeyAlias: one('hostkeyalias') ?? null,
    connectTimeoutSeconds: required('connecttimeout') === 'none' ? null : Number(required('connecttimeout')),
    serverAliveIntervalSeconds: Number(required('serveraliveinterval')),
    // Unset, ssh prints nothing; the resolver then gives the order ssh tries methods in.
    preferredAuthentications: one('preferredauthentications')?.split(',') ?? [...DEFAULT_PREFERRED_AUTHENTICATIONS],
    passwordAuthentication: required('passwordauthentication') === 'yes',
    kbdInteractiveAuthentication: required('kbdinteractiveauthentication') === 'yes',
    pubkeyAuthentication: required('pubkeyauthentication') !== 'false',
  };
}

/** One hop as ssh -G prints it: `[user@]host[:port]`, an address in brackets. */
function parseHop(text: string): { user: string | null; host: string; port: number | null } {
  const match = /^(?:(.*)@)?(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(text);
  if (match === null) throw new Error(`unexpected proxyjump hop ${text}`);
  const [, user, host = '', port] = match;
  return { user: user ?? null, host: host.replace(/^\[(.*)\]$/, '$1'), port: port === undefined ? null : Number(port) };
}

/** The fields of a ResolvedHost that ssh -G shows. */
export function shownBySsh(resolved: ResolvedHost): SshView {
  const { agentSocket: _agentSocket, notes: _notes, ...shown } = resolved;
  return shown;
}
