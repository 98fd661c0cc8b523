/**
 * One SSH login over a stream that already reaches the server (a TCP socket, or a channel through
 * a jump host): host key check, then authentication, each failure in its own words. ssh2's own
 * ready timeout is off: a person may take their time over a passphrase. Waiting for the server is
 * bounded by ConnectTimeout instead, until the server has shown its host key.
 */
import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import type { ResolvedHost } from '../ssh-config/resolve-host';
import { authentication } from './authentication';
import { socketError, SshConnectError, timeoutError } from './connect-errors';
import type { PromptPort } from './prompt-port';
import { verifyHostKey } from './verify-host-key';

/** How long to wait for a server when the config sets no ConnectTimeout (ssh would wait for the system's TCP timeout). */
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;
/** ssh's ServerAliveCountMax default. */
const KEEPALIVE_COUNT_MAX = 3;
/**
 * Keepalives when the config asks for none. ssh then leaves a silently dead link to TCP, which
 * notices after hours; a capture must notice within a minute that its server is gone.
 */
const DEFAULT_KEEPALIVE_SECONDS = 15;

export interface HandshakeOptions {
  resolved: ResolvedHost;
  /** The server as the user named it; for a jump host, with what it leads to. */
  server: string;
  prompts: PromptPort;
  /** Aborts the login (the window that asked went away). */
  signal: AbortSignal;
}

export function connectTimeoutSeconds(resolved: ResolvedHost): number {
  return resolved.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;
}

/** Logs in over `stream`; rejects with an SshConnectError. The stream is destroyed on failure. */
export function handshake(stream: Duplex, options: HandshakeOptions): Promise<Client> {
  const { resolved } = options;
  const client = new Client();
  // Questions end when the login does, however it ends.
  const questions = new AbortController();
  const abortQuestions = (): void => questions.abort();
  options.signal.addEventListener('abort', abortQuestions);

  return new Promise<Client>((resolve, reject) => {
    let reason: SshConnectError | null = null;
    let socketFailure: unknown = null;
    let authFailed = false;
    let done = false;
    const giveUp = (why: SshConnectError): void => {
      reason ??= why;
      client.end();
      stream.destroy();
    };
    const seconds = connectTimeoutSeconds(resolved);
    const timer = setTimeout(() => giveUp(timeoutError(resolved.hostname, resolved.port, seconds, true)), seconds * 1000);
    const onAbort = (): void => giveUp(new SshConnectError('declined', 'The connection was cancelled: the window that asked for it went away.'));
    options.signal.addEventListener('abort', onAbort);
    const finish = (): void => {
      done = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      options.signal.removeEventListener('abort', abortQuestions);
      abortQuestions();
    };

    const auth = authentication({ resolved, server: options.server, prompts: options.prompts, signal: questions.signal, giveUp });
    client.on('ready', () => {
      finish();
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string }) => {
      if (err.level === 'client-authentication') authFailed = true;
      else if (err.level === 'client-socket') socketFailure ??= err;
      // Other errors (an agent that would not sign, a key ssh2 skipped) only end one attempt.
    });
    client.on('close', () => {
      if (done) return;
      finish();
      stream.destroy();
      if (reason !== null) reject(reason);
      else if (authFailed) reject(auth.failure());
      else if (socketFailure !== null) reject(socketError(socketFailure, resolved.hostname, resolved.port));
      else reject(new SshConnectError('closed', `${resolved.hostname} closed the connection while Skbscope was logging in as ${resolved.user}.`));
    });

    client.connect({
      sock: stream,
      username: resolved.user,
      readyTimeout: 0,
      keepaliveInterval: (resolved.serverAliveIntervalSeconds || DEFAULT_KEEPALIVE_SECONDS) * 1000,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
        // The server has answered: from here on, only a person is waited for.
        clearTimeout(timer);
        void verifyHostKey(blob, { resolved, server: options.server, prompts: options.prompts, signal: questions.signal }).then((refusal) => {
          if (refusal !== null) reason ??= refusal;
          verify(refusal === null);
        });
      },
      authHandler: auth.handler,
    });
  });
}
