/**
 * Running one command on a server over an open connection and reading its answer, bounded in time
 * and size: what a server sends is input like any other, and a broken or hostile one must not
 * hang the app or fill its memory.
 */
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from '../connection/ssh-connection';

export interface RemoteResult {
  stdout: string;
  stderr: string;
  /** null when the server reported a signal, or nothing, instead of an exit status. */
  code: number | null;
}

export interface RemoteRun {
  /** Written to the command's standard input, which is then closed. */
  stdin?: string;
  maxBytes: number;
  timeoutMs: number;
}

/** An exec channel for `command` (a line for the login shell there); rejects in plain words. */
export function openExec(connection: SshConnection, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    if (connection.closedBecause !== null) {
      reject(new Error(`The connection to ${connection.name} has gone (${connection.closedBecause}). Try again to reconnect.`));
      return;
    }
    try {
      connection.client.exec(command, (err, channel) => {
        if (err) reject(new Error(`${connection.name} would not run a command for Skbscope (${err.message}). Check that this user has a shell there and no ForceCommand.`));
        else resolve(channel);
      });
    } catch (err) {
      reject(new Error(`The connection to ${connection.name} cannot run commands any more (${err instanceof Error ? err.message : String(err)}). Try again to reconnect.`));
    }
  });
}

export async function runRemote(connection: SshConnection, command: string, run: RemoteRun): Promise<RemoteResult> {
  const channel = await openExec(connection, command);
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let code: number | null = null;
    let failure: Error | null = null;
    const timer = setTimeout(() => stop(new Error(`${connection.name} did not finish answering within ${Math.round(run.timeoutMs / 1000)} s.`)), run.timeoutMs);
    const offClose = connection.onClose((why) => stop(new Error(`The connection to ${connection.name} went while Skbscope was asking it something: ${why}.`)));
    const stop = (why: Error): void => {
      failure ??= why;
      channel.close();
      // The server may never confirm the close of a connection that is gone.
      done();
    };
    const take = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > run.maxBytes) stop(new Error(`${connection.name} answered with more than ${run.maxBytes} bytes, which is more than Skbscope expects.`));
      else into.push(chunk);
    };
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      offClose();
      if (failure !== null) reject(failure);
      else resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code });
    };
    channel.on('data', take(out));
    channel.stderr.on('data', take(err));
    channel.on('exit', (status: number | null) => {
      code = typeof status === 'number' ? status : null;
    });
    channel.on('close', done);
    channel.end(run.stdin);
  });
}
