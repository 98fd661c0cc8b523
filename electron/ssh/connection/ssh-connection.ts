/**
 * A logged-in SSH connection to a server, directly or through its ProxyJump hosts, as ssh would
 * make it: each jump host is resolved from the config in its turn (the first one's own ProxyJump
 * too), has its host key checked and is logged in to like the server itself, and the next hop is
 * reached through it (a direct-tcpip channel). The connection says when and why it went.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import type { SshConfigSource } from '../ssh-config/config-source';
import type { JumpSpec } from '../ssh-config/config-options';
import { resolveHost, type ResolvedHost } from '../ssh-config/resolve-host';
import { endpoint, socketError, SshConnectError, timeoutError } from './connect-errors';
import { jumpText } from './jump-text';
import type { PromptPort } from './prompt-port';
import { connectTimeoutSeconds, handshake } from './ssh-handshake';

/** More hops than anyone chains on purpose: beyond this a ProxyJump goes round in a loop. */
const MAX_HOPS = 10;

export interface SshConnection {
  /** The server as the user named it: its alias, or user@host:port. */
  readonly name: string;
  /** `user@host`, to say where perf runs. */
  readonly where: string;
  readonly client: Client;
  /** Why the connection went, in plain words; null while it is open. */
  readonly closedBecause: string | null;
  /** Calls `listener` once when the connection goes (at once when it has gone); returns the unsubscribe. */
  onClose(listener: (why: string) => void): () => void;
  close(): void;
}

export interface ConnectRequest {
  name: string;
  resolved: ResolvedHost;
  /** Jump hosts are resolved from the same config, as ssh resolves them. */
  source: SshConfigSource;
  prompts: PromptPort;
  signal: AbortSignal;
}

interface Hop {
  client: Client;
  resolved: ResolvedHost;
}

export async function connectSsh(request: ConnectRequest): Promise<SshConnection> {
  const hops: Hop[] = [];
  try {
    await reach(request.resolved, request.name, request, hops, 0);
  } catch (err) {
    for (const hop of hops.reverse()) hop.client.end();
    throw err;
  }
  return connection(request, hops);
}

/** Logs in to `resolved` (after its jump hosts), appending every client made to `hops`. */
async function reach(resolved: ResolvedHost, server: string, request: ConnectRequest, hops: Hop[], depth: number): Promise<void> {
  if (resolved.proxyCommand !== null) {
    throw new SshConnectError('config', `${server} is reached through a ProxyCommand in your ssh config, which Skbscope cannot run. Use ProxyJump for jump hosts instead.`);
  }
  const jumps = resolved.proxyJump;
  if (jumps.length > 0) {
    if (depth + jumps.length > MAX_HOPS) throw new SshConnectError('config', `The ProxyJump chain to ${server} has more than ${MAX_HOPS} hops, or goes round in a loop.`);
    const [first, ...rest] = jumps;
    if (first !== undefined) await reach(await resolveJump(first, request.source), `${jumpText(first)} (jump host to ${server})`, request, hops, depth + 1);
    // A later hop's own ProxyJump is overridden, as by ssh -J: it is reached through the one before.
    for (const jump of rest) await throughLastHop({ ...(await resolveJump(jump, request.source)), proxyJump: [] }, `${jumpText(jump)} (jump host to ${server})`, request, hops);
    await throughLastHop(resolved, server, request, hops);
    return;
  }
  const socket = await openSocket(resolved, request.signal);
  hops.push({ client: await handshake(socket, { resolved, server, prompts: request.prompts, signal: request.signal }), resolved });
}

async function throughLastHop(resolved: ResolvedHost, server: string, request: ConnectRequest, hops: Hop[]): Promise<void> {
  const via = hops[hops.length - 1];
  if (via === undefined) throw new Error('a jump host was expected');
  if (resolved.proxyCommand !== null) throw new SshConnectError('config', `${server} is reached through a ProxyCommand in your ssh config, which Skbscope cannot run.`);
  const stream = await forward(via, resolved);
  hops.push({ client: await handshake(stream, { resolved, server, prompts: request.prompts, signal: request.signal }), resolved });
}

function resolveJump(jump: JumpSpec, source: SshConfigSource): Promise<ResolvedHost> {
  return resolveHost(jumpText(jump), source).catch((err: unknown) => {
    throw new SshConnectError('config', `The jump host ${jumpText(jump)} could not be resolved: ${err instanceof Error ? err.message : String(err)}.`);
  });
}

function openSocket(resolved: ResolvedHost, signal: AbortSignal): Promise<Socket> {
  const { hostname: host, port } = resolved;
  const seconds = connectTimeoutSeconds(resolved);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const fail = (err: SshConnectError): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(timeoutError(host, port, seconds, false)), seconds * 1000);
    const onAbort = (): void => fail(new SshConnectError('declined', 'The connection was cancelled: the window that asked for it went away.'));
    signal.addEventListener('abort', onAbort);
    socket.once('error', (err) => fail(socketError(err, host, port)));
    socket.once('connect', () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

function forward(via: Hop, to: ResolvedHost): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.client.forwardOut('127.0.0.1', 0, to.hostname, to.port, (err, channel) => {
      if (err) {
        reject(
          new SshConnectError(
            'refused',
            `The jump host ${via.resolved.hostname} could not reach ${endpoint(to.hostname, to.port)} (it said: ${err.message}). ` +
              'Check that the jump host can reach that address, and that its sshd allows forwarding (AllowTcpForwarding).',
          ),
        );
      } else resolve(channel);
    });
  });
}

function connection(request: ConnectRequest, hops: Hop[]): SshConnection {
  const target = hops[hops.length - 1];
  if (target === undefined) throw new Error('no connection was made');
  const listeners = new Set<(why: string) => void>();
  let closedBecause: string | null = null;
  const lost = (why: string): void => {
    if (closedBecause !== null) return;
    closedBecause = why;
    for (const hop of [...hops].reverse()) hop.client.end();
    for (const listener of listeners) listener(why);
    listeners.clear();
  };
  for (const hop of hops) {
    const host = hop.resolved.hostname;
    let why: string | null = null;
    hop.client.on('error', (err: Error & { level?: string; code?: unknown }) => {
      if (err.level === 'client-timeout') why ??= `${host} stopped answering (no reply to keepalive messages)`;
      else if (err.level === 'client-socket') why ??= err.message.includes('ECONNRESET') || err.code === 'ECONNRESET' ? `the connection to ${host} was reset` : `the connection to ${host} failed (${err.message})`;
    });
    hop.client.on('close', () => lost(why ?? `${host} closed the connection (sshd there was stopped, or the server went down)`));
  }
  return {
    name: request.name,
    where: `${target.resolved.user}@${target.resolved.hostname}`,
    client: target.client,
    get closedBecause() {
      return closedBecause;
    },
    onClose(listener) {
      if (closedBecause !== null) {
        listener(closedBecause);
        return () => undefined;
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => lost('Skbscope closed the connection'),
  };
}
