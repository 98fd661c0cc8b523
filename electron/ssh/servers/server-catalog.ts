/**
 * The servers the capture dialog offers: every Host alias of the user's ssh config, then the ones
 * the user saved, each with where it leads as ssh would resolve it (`root@10.0.0.5:22 via
 * bastion`). A server is found again by its id (`config:ALIAS`, `saved:ID`) when connecting.
 */
import { isIPv6 } from 'node:net';
import { isAbsolute } from 'node:path';
import type { ServerEntry, ServerSpec } from '../../../shared/api';
import { jumpText } from '../connection/jump-text';
import { SshConfigError } from '../ssh-config/config-error';
import type { SshConfigSource } from '../ssh-config/config-source';
import { listAliases } from '../ssh-config/list-aliases';
import { expandTilde } from '../ssh-config/path-expansion';
import { resolveHost, type ResolvedHost } from '../ssh-config/resolve-host';
import { parseTarget } from '../ssh-config/ssh-target';
import { type SavedServer, SavedServers } from './saved-servers';

export interface ServerPlaces {
  /** Where servers.json lives: Electron's userData, or ~/.config/skbscope. */
  dataDir: string;
  sshConfig: SshConfigSource;
}

/** A server ready to connect to: what the user calls it, and what ssh would make of it. */
export interface ServerToReach {
  name: string;
  resolved: ResolvedHost;
}

const MAX_RESOLVED_CHARS = 2048;
const MAX_ALIAS_CHARS = 255;

export class ServerCatalog {
  private readonly saved: SavedServers;

  constructor(private readonly places: ServerPlaces) {
    this.saved = new SavedServers(places.dataDir);
  }

  /** The ssh config servers (and their jump hosts) are resolved from. */
  get sshConfig(): SshConfigSource {
    return this.places.sshConfig;
  }

  async list(): Promise<{ servers: ServerEntry[]; problem: string | null }> {
    const problems = new Set<string>();
    const servers: ServerEntry[] = [];
    // ssh refuses a whole config for one bad line, so every server resolved through it fails alike: said once.
    const configError = (err: unknown): void => {
      if (err instanceof SshConfigError) problems.add(`Your ssh config has an error, which ssh would refuse too: ${messageOf(err)}.`);
    };
    try {
      // Longer than any host name: not offered, as no id could name it.
      for (const alias of (await listAliases(this.places.sshConfig)).filter((a) => a.length <= MAX_ALIAS_CHARS)) {
        servers.push({ id: `config:${alias}`, source: 'ssh-config', name: alias, resolved: await describe(() => resolveHost(alias, this.places.sshConfig), configError) });
      }
    } catch (err) {
      problems.add(`Your ssh config could not be read, so its hosts are not offered: ${messageOf(err)}.`);
    }
    const saved = await this.saved.list();
    if (saved.ok) for (const server of saved.servers) servers.push(await this.savedEntry(server, configError));
    else problems.add(saved.problem);
    return { servers, problem: problems.size === 0 ? null : [...problems].join('\n') };
  }

  async save(spec: ServerSpec): Promise<ServerEntry> {
    checkSpec(spec, this.places.sshConfig);
    return this.savedEntry(await this.saved.save(spec));
  }

  forget(serverId: string): Promise<boolean> {
    return serverId.startsWith('saved:') ? this.saved.forget(serverId.slice('saved:'.length)) : Promise.resolve(false);
  }

  /** The server behind an id from list(); rejects in plain words when it is gone. */
  async find(serverId: string): Promise<ServerToReach> {
    if (serverId.startsWith('config:')) {
      const alias = serverId.slice('config:'.length);
      if (!(await listAliases(this.places.sshConfig)).includes(alias)) {
        throw new Error(`${alias} is no longer a Host in your ssh config: choose a server from the list again.`);
      }
      return { name: alias, resolved: await resolveHost(alias, this.places.sshConfig) };
    }
    const saved = await this.saved.list();
    if (!saved.ok) throw new Error(saved.problem);
    const server = saved.servers.find((s) => `saved:${s.id}` === serverId);
    if (server === undefined) throw new Error('That server is no longer saved (it was forgotten, perhaps in another window): choose one from the list again.');
    return { name: targetText(server), resolved: await resolveSaved(server, this.places.sshConfig) };
  }

  private async savedEntry(server: SavedServer, onError: (err: unknown) => void = () => undefined): Promise<ServerEntry> {
    return { id: `saved:${server.id}`, source: 'saved', name: targetText(server), resolved: await describe(() => resolveSaved(server, this.places.sshConfig), onError) };
  }
}

/** Where a server leads, or why that cannot be said. */
async function describe(resolve: () => Promise<ResolvedHost>, onError: (err: unknown) => void): Promise<string> {
  try {
    return describeResolved(await resolve());
  } catch (err) {
    onError(err);
    return `cannot be resolved: ${messageOf(err)}`.slice(0, MAX_RESOLVED_CHARS);
  }
}

/** `root@10.0.0.5:22 via bastion`, as the dialog shows where a server leads. */
function describeResolved(resolved: ResolvedHost): string {
  const host = resolved.hostname.includes(':') ? `[${resolved.hostname}]` : resolved.hostname;
  const hops = resolved.proxyJump.map(jumpText);
  const via = hops.length > 0 ? ` via ${hops.join(', ')}` : resolved.proxyCommand !== null ? ' via a ProxyCommand (not supported)' : '';
  return `${resolved.user}@${host}:${resolved.port}${via}`.slice(0, MAX_RESOLVED_CHARS);
}

/** A saved server resolved as `ssh -i KEY [-p PORT] [USER@]HOST` would be: its key before the config's. */
async function resolveSaved(server: ServerSpec, source: SshConfigSource): Promise<ResolvedHost> {
  const resolved = await resolveHost(targetText(server), source);
  if (server.identityFile === null) return resolved;
  return { ...resolved, identityFiles: [keyPath(server.identityFile, source), ...resolved.identityFiles] };
}

/** `user@host:port` as typed, an address with colons in brackets. */
function targetText(spec: ServerSpec): string {
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  return `${spec.user === null ? '' : `${spec.user}@`}${host}${spec.port === null ? '' : `:${spec.port}`}`;
}

function keyPath(path: string, source: SshConfigSource): string {
  return expandTilde(path, source.home, source.localUser);
}

/** Refuses a spec that would not reach the host it names (a host holding `@` or a port of its own). */
function checkSpec(spec: ServerSpec, source: SshConfigSource): void {
  let parsed;
  try {
    parsed = parseTarget(targetText(spec));
  } catch (err) {
    throw new Error(`${messageOf(err)}.`);
  }
  // A colon belongs in an IPv6 address only; elsewhere it is a port typed into the host.
  const colonOutOfPlace = spec.host.includes(':') && !isIPv6(spec.host);
  if (colonOutOfPlace || parsed.host !== spec.host || parsed.user !== spec.user || parsed.port !== spec.port) {
    throw new Error(`"${spec.host}" is not a host name: give the user and the port in their own fields.`);
  }
  if (spec.identityFile !== null) {
    let path: string;
    try {
      path = keyPath(spec.identityFile, source);
    } catch (err) {
      throw new Error(`The key file ${spec.identityFile} cannot be used: ${messageOf(err)}.`);
    }
    if (!isAbsolute(path)) throw new Error(`Give the key file's full path (or ~/…), not ${spec.identityFile}.`);
  }
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
}
