/**
 * Where `skbscope capture` runs perf: this machine, or with --ssh a server, connected to as ssh
 * would (the user's ~/.ssh/config and known_hosts, questions on the terminal), whose connection
 * is closed when the capture is done.
 */
import { localPerfHost } from '../capture/local-perf-host';
import { readLocalTarget } from '../capture/local-target';
import type { PerfHost } from '../capture/perf-host';
import { connectSsh } from '../ssh/connection/ssh-connection';
import { readRemoteHost } from '../ssh/remote/remote-host';
import { userServerPlaces } from '../ssh/servers/data-folder';
import { resolveHost } from '../ssh/ssh-config/resolve-host';
import type { RemoteArgs } from './capture-args';
import { terminalPrompts } from './terminal-prompts';

export interface CapturePlace {
  host: PerfHost;
  /** Whether perf is run as root through sudo: on a server, wherever sudo is there. */
  elevate: boolean;
  /** What to add when perf was not allowed to trace. */
  permissionHint: string | null;
  close(): void;
}

export async function localPlace(): Promise<CapturePlace> {
  // pkexec is the app's way to root; in a terminal it is sudo, which the fix for a refusal says.
  const found = await readLocalTarget();
  const local = { ...found, pkexecPath: null, target: { ...found.target, canElevate: false, elevateWith: null } };
  return { host: localPerfHost(local), elevate: false, permissionHint: 'Run the capture as root (sudo skbscope capture …).', close: () => undefined };
}

/** Connects and reads the server; rejects in plain words (a refused host key, a failed login …). */
export async function remotePlace(ssh: RemoteArgs): Promise<CapturePlace> {
  const { sshConfig } = userServerPlaces();
  const resolved = await resolveHost(ssh.target, sshConfig).catch((err: unknown) => {
    throw new Error(`${ssh.target}: ${err instanceof Error ? err.message : String(err)}.`);
  });
  const prompts = terminalPrompts({ acceptNewHostKey: ssh.acceptNewHostKey, input: process.stdin, output: process.stderr });
  const connection = await connectSsh({ name: ssh.target, resolved, source: sshConfig, prompts, signal: new AbortController().signal });
  try {
    const host = await readRemoteHost(connection, prompts);
    // A problem's own fix says what to do on the server.
    return { host, elevate: host.target.elevateWith !== null, permissionHint: null, close: () => connection.close() };
  } catch (err) {
    connection.close();
    throw err;
  }
}
