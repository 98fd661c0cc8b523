/**
 * What ssh would use to reach a host: the values `ssh -G TARGET` prints, resolved from the user's
 * and the system's config the way OpenSSH 9.2 resolves them, with paths expanded as ssh expands
 * them when it uses them. This is what the app connects with; a difference from ssh is a bug.
 */
import { createHash } from 'node:crypto';
import { hostname as localHostname } from 'node:os';
import { asciiLowercase } from './config-line';
import type { ConfigOptions, JumpSpec, StrictHostKeyChecking } from './config-options';
import type { SshConfigSource } from './config-source';
import { canonicalHost } from './host-address';
import { expandTilde, percentExpand, type Environment, type Tokens } from './path-expansion';
import { readConfigPass } from './read-config';
import { parseTarget } from './ssh-target';

export type { JumpSpec, StrictHostKeyChecking } from './config-options';

export interface ResolvedHost {
  /** The target as given, without user and port: what Host patterns matched. */
  alias: string;
  /** Lowercased unless an address; with HostKeyAlias unset, the name known_hosts is checked under. */
  hostname: string;
  port: number;
  user: string;
  /** Expanded (`~`, `%h`, `%r`, `${VAR}` …) as ssh expands them when loading keys; most may not exist. */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** As ssh -G prints it: null (use SSH_AUTH_SOCK), `none`, `SSH_AUTH_SOCK`, `$VAR` or a socket path. */
  identityAgent: string | null;
  /** The agent socket ssh would use after weighing identityAgent against the environment; null for none. */
  agentSocket: string | null;
  /** Hops in the order they are passed through; each names a host to resolve again (it may be an alias). */
  proxyJump: JumpSpec[];
  /** A ProxyCommand, which the app cannot run: a caller should refuse rather than connect directly. */
  proxyCommand: string | null;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  /** OpenSSH reads `no` and `false` as `off`, and `true` as `yes`. */
  strictHostKeyChecking: StrictHostKeyChecking;
  hashKnownHosts: boolean;
  /** When set, known_hosts is checked and written under this name alone, never as [name]:port. */
  hostKeyAlias: string | null;
  /** null: no timeout beyond the system's. */
  connectTimeoutSeconds: number | null;
  serverAliveIntervalSeconds: number;
  preferredAuthentications: string[];
  passwordAuthentication: boolean;
  kbdInteractiveAuthentication: boolean;
  pubkeyAuthentication: boolean;
  /** Things in the config this app read differently from ssh, in words for the user. */
  notes: string[];
}

/**
 * The methods ssh tries when PreferredAuthentications is unset, in its order; GSSAPI and
 * hostbased, which it tries first only when enabled (they are off by default), are left out.
 */
export const DEFAULT_PREFERRED_AUTHENTICATIONS: readonly string[] = ['publickey', 'keyboard-interactive', 'password'];

/** What ssh -G lists when no IdentityFile applies. */
const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'].map((name) => `~/.ssh/${name}`);

const DEFAULT_PORT = 22;

/** `target` is an alias or `[user@]host[:port]`, `[address]:port`, `ssh://user@host:port`, as typed. */
export async function resolveHost(target: string, source: SshConfigSource): Promise<ResolvedHost> {
  const given = parseTarget(target);
  // A user or port typed with the target wins over the config, as on ssh's command line.
  const options: ConfigOptions = { identityFiles: [] };
  if (given.user !== null) options.user = given.user;
  if (given.port !== null) options.port = given.port;

  const first = await readConfigPass(source, { host: given.host, originalHost: given.host, finalPass: false }, options);
  const named = options.hostname === undefined ? given.host : percentExpand(options.hostname, { h: given.host }, null);
  const host = canonicalHost(named);
  const notes = [...first.notes];
  if (first.wantsFinalPass || options.canonicalizeHostname === true) {
    // ssh reads everything again for the final host name; Host lines now match that name.
    options.hostname = host;
    const final = await readConfigPass(source, { host, originalHost: given.host, finalPass: true }, options);
    notes.push(...final.notes.filter((note) => !notes.includes(note)));
    if (options.canonicalizeHostname === true) notes.push('CanonicalizeHostname: the host name is not looked up in DNS by this app; it is used as written');
  }
  return finish(given.host, host, options, source, notes);
}

function finish(alias: string, host: string, options: ConfigOptions, source: SshConfigSource, notes: string[]): ResolvedHost {
  const env = source.env ?? {};
  const user = options.user ?? source.localUser;
  const port = options.port ?? DEFAULT_PORT;
  const jump = options.jump === 'none' || options.jump === undefined ? [] : options.jump;
  const lastHop = jump.at(-1);
  if (lastHop !== undefined && lastHop.host === host && (lastHop.port ?? DEFAULT_PORT) === port && (lastHop.user ?? user) === user) {
    throw new Error(`ProxyJump loops: ${host} would be reached through itself`);
  }
  const hostKeyAlias = options.hostKeyAlias === undefined ? null : asciiLowercase(options.hostKeyAlias);
  const tokens = connectionTokens(alias, host, port, user, hostKeyAlias, source);
  const expandPath = (path: string): string => percentExpand(expandTilde(path, source.home, source.localUser), tokens, env);
  const identityFiles = options.identityFiles.length > 0 ? options.identityFiles.map((file) => file.path) : DEFAULT_IDENTITY_FILES;
  const identityAgent = options.identityAgent === undefined ? null : expandPath(options.identityAgent);
  const proxyCommand = options.proxyCommand === undefined || options.proxyCommand.toLowerCase() === 'none' ? null : options.proxyCommand;
  return {
    alias,
    hostname: host,
    port,
    user,
    identityFiles: identityFiles.filter((path) => path.toLowerCase() !== 'none').map(expandPath),
    identitiesOnly: options.identitiesOnly ?? false,
    identityAgent,
    agentSocket: agentSocket(identityAgent, env),
    proxyJump: jump,
    proxyCommand,
    userKnownHostsFiles: knownHostsFiles(options.userKnownHostsFiles, ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']).map(expandPath),
    // ssh expands only `~` in these.
    globalKnownHostsFiles: knownHostsFiles(options.globalKnownHostsFiles, ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']).map((path) => expandTilde(path, source.home, source.localUser)),
    strictHostKeyChecking: options.strictHostKeyChecking ?? 'ask',
    hashKnownHosts: options.hashKnownHosts ?? false,
    hostKeyAlias,
    connectTimeoutSeconds: options.connectTimeoutSeconds ?? null,
    serverAliveIntervalSeconds: options.serverAliveIntervalSeconds ?? (options.batchMode === true ? 300 : 0),
    preferredAuthentications: options.preferredAuthentications === undefined ? [...DEFAULT_PREFERRED_AUTHENTICATIONS] : options.preferredAuthentications.split(','),
    passwordAuthentication: options.passwordAuthentication ?? true,
    kbdInteractiveAuthentication: options.kbdInteractiveAuthentication ?? true,
    pubkeyAuthentication: options.pubkeyAuthentication ?? true,
    notes,
  };
}

function knownHostsFiles(configured: string[] | undefined, defaults: string[]): string[] {
  if (configured === undefined) return defaults;
  return configured.length === 1 && configured[0]?.toLowerCase() === 'none' ? [] : configured;
}

/** The `%` tokens ssh offers in IdentityFile, IdentityAgent and UserKnownHostsFile. */
function connectionTokens(alias: string, host: string, port: number, user: string, hostKeyAlias: string | null, source: SshConfigSource): Tokens {
  const thisHost = localHostname();
  const portText = String(port);
  return {
    C: createHash('sha1').update(thisHost + host + portText + user).digest('hex'),
    L: thisHost.split('.')[0] ?? thisHost,
    i: String(process.getuid?.() ?? ''),
    k: hostKeyAlias ?? alias,
    l: thisHost,
    n: alias,
    p: portText,
    d: source.home,
    h: host,
    r: user,
    u: source.localUser,
  };
}

/** Where ssh would find the agent: IdentityAgent overrides SSH_AUTH_SOCK, `none` turns the agent off. */
function agentSocket(identityAgent: string | null, env: Environment): string | null {
  if (identityAgent === null || identityAgent === 'SSH_AUTH_SOCK') return env.SSH_AUTH_SOCK ?? null;
  if (identityAgent === 'none') return null;
  if (identityAgent.startsWith('$') && !identityAgent.startsWith('${')) return env[identityAgent.slice(1)] ?? null;
  return identityAgent;
}
