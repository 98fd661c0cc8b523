/**
 * Why an SSH connection could not be made or was lost, in plain words with what to do, one
 * message for each way it commonly goes wrong. Never holds a secret: messages are built from the
 * host, port, user and the kind of failure only.
 */

export type SshFailureKind =
  | 'timeout'
  | 'refused'
  | 'dns'
  | 'unreachable'
  | 'auth'
  | 'host-key'
  /** The person declined a host key or a secret. */
  | 'declined'
  | 'config'
  | 'closed';

export class SshConnectError extends Error {
  constructor(
    readonly kind: SshFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SshConnectError';
  }
}

/** `host port 22`, or `[::1] port 22`, as ssh names an endpoint in its messages. */
export function endpoint(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host} port ${port}`;
}

/** `seconds` is null when the system gave up waiting, rather than ConnectTimeout. */
export function timeoutError(host: string, port: number, seconds: number | null, connected: boolean): SshConnectError {
  const within = seconds === null ? 'in time' : `within ${seconds} s`;
  const what = connected
    ? `${endpoint(host, port)} accepted the connection but sent no SSH greeting ${within}: it may not be an SSH server, or it is overloaded`
    : `${endpoint(host, port)} did not answer ${within}: the host may be down, or a firewall drops the connection`;
  return new SshConnectError('timeout', `Could not connect: ${what}. Check the host and port; ConnectTimeout in ~/.ssh/config sets how long to wait.`);
}

/** A socket's error (ECONNREFUSED, ENOTFOUND …) while connecting, in words. */
export function socketError(err: unknown, host: string, port: number): SshConnectError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ECONNREFUSED':
      return new SshConnectError(
        'refused',
        `Could not connect to ${endpoint(host, port)}: the connection was refused, so nothing listens for SSH there. Check the port (Port in ~/.ssh/config, or host:port) and that sshd runs on the server.`,
      );
    case 'ENOTFOUND':
      return new SshConnectError('dns', `Could not find the host "${host}": no such name in DNS. Check its spelling (HostName in ~/.ssh/config), or use its address.`);
    case 'EAI_AGAIN':
      return new SshConnectError('dns', `Could not look up the host "${host}": the name server did not answer. Check this machine's network and DNS, or use the host's address.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return new SshConnectError('unreachable', `Could not reach ${host}: there is no route to it from this machine (host or network unreachable). Check the address, and this machine's network or VPN.`);
    case 'ETIMEDOUT':
      return timeoutError(host, port, null, false);
    case 'ECONNRESET':
    case 'EPIPE':
      return new SshConnectError('closed', `${endpoint(host, port)} closed the connection before SSH could start: it may not be an SSH server, or it refuses this machine.`);
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      return new SshConnectError('closed', `Could not connect to ${endpoint(host, port)}: ${detail}.`);
    }
  }
}
