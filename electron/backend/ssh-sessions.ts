/**
 * The SSH connections of one renderer: one per server, made when the capture dialog first asks
 * about that server (captureTarget), and reused by the captures started on it, so a person types
 * a password once. A connection that drops is made again on the next request. They all close
 * with the renderer's connection.
 */
import type { PerfHost } from '../capture/perf-host';
import type { PromptPort } from '../ssh/connection/prompt-port';
import { connectSsh, type SshConnection } from '../ssh/connection/ssh-connection';
import { readRemoteHost } from '../ssh/remote/remote-host';
import type { ServerCatalog } from '../ssh/servers/server-catalog';

interface Session {
  connection: Promise<SshConnection>;
  /** What the server offers, as last read on this connection. */
  host: Promise<PerfHost> | null;
}

export class SshSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly abort = new AbortController();

  constructor(
    private readonly catalog: ServerCatalog,
    private readonly prompts: PromptPort,
  ) {}

  /** Reads the server afresh (connecting first, or over the open connection). */
  readHost(serverId: string): Promise<PerfHost> {
    const session = this.session(serverId);
    const host = session.connection.then((connection) => readRemoteHost(connection, this.prompts));
    session.host = host;
    host.catch(() => {
      if (session.host === host) session.host = null;
    });
    return host;
  }

  /** The server as captureTarget last read it on a connection still open; read afresh otherwise. */
  host(serverId: string): Promise<PerfHost> {
    const session = this.sessions.get(serverId);
    return session?.host ?? this.readHost(serverId);
  }

  close(): void {
    this.abort.abort();
    for (const session of this.sessions.values()) void session.connection.then((c) => c.close(), () => undefined);
    this.sessions.clear();
  }

  private session(serverId: string): Session {
    const open = this.sessions.get(serverId);
    if (open !== undefined) return open;
    const session: Session = { connection: this.connect(serverId), host: null };
    this.sessions.set(serverId, session);
    const forget = (): void => {
      if (this.sessions.get(serverId) === session) this.sessions.delete(serverId);
    };
    session.connection.then((connection) => connection.onClose(forget), forget);
    return session;
  }

  private async connect(serverId: string): Promise<SshConnection> {
    const { name, resolved } = await this.catalog.find(serverId);
    const connection = await connectSsh({ name, resolved, source: this.catalog.sshConfig, prompts: this.prompts, signal: this.abort.signal });
    // The window went while this was connecting.
    if (this.abort.signal.aborted) {
      connection.close();
      throw new Error('The window that asked for this connection has gone.');
    }
    return connection;
  }
}
