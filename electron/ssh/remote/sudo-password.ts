/**
 * Whether a sudo password works on a server, asked before perf is started with it: sudo reads it
 * from standard input (`-S`, no prompt text), never from a command line, and `-k` makes sudo ask
 * even when it remembers an earlier one, so the answer is about this password.
 */
import type { SshConnection } from '../connection/ssh-connection';
import { runRemote } from './remote-exec';

const CHECK_TIMEOUT_MS = 30_000;

/** 'accepted', 'wrong', or why sudo cannot be used there at all, in words. */
export async function checkSudoPassword(connection: SshConnection, password: string): Promise<'accepted' | 'wrong' | string> {
  const result = await runRemote(connection, "exec sudo -k -S -p '' true", { stdin: `${password}\n`, maxBytes: 64 * 1024, timeoutMs: CHECK_TIMEOUT_MS });
  if (result.code === 0) return 'accepted';
  const said = result.stderr.trim();
  if (/incorrect password|try again/i.test(said)) return 'wrong';
  if (/not in the sudoers file|may not run sudo|not allowed to/.test(said)) {
    return `${connection.where} may not use sudo on ${connection.name}, so perf cannot be run as root there. Ask the server's administrator to allow it, or connect as root.`;
  }
  return `sudo on ${connection.name} did not run (${said.split('\n')[0]?.slice(0, 500) || `exit status ${result.code ?? 'unknown'}`}), so perf was not started.`;
}
