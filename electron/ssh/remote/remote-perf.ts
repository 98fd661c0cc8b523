/**
 * perf under its wrapper on a server, through one SSH exec channel: the channel's standard error
 * carries perf's events and messages, its standard output the traced command's, as a local
 * perf's pipes do (no pty, which would merge the two and echo a sudo password). Stop speaks the
 * wrapper's protocol (a line, then end of input), also sends SIGINT where sshd passes signals on,
 * and closes the channel if the wrapper has not ended it after its own 5 s kill. A connection that
 * drops ends the capture as lost; sshd then closes the wrapper's input, which stops perf there.
 */
import type { ClientChannel } from 'ssh2';
import type { PerfExit, PerfOutput, PerfProcess } from '../../capture/perf-process';
import type { SshConnection } from '../connection/ssh-connection';
import { openExec } from './remote-exec';

/** The wrapper kills perf 5 s after a stop; a little more for its last output to arrive. */
const CLOSE_AFTER_STOP_MS = 7000;

/** `command` is one line for the login shell there; `stdinFirst` (a sudo password line) is written before anything else. */
export function remotePerf(connection: SshConnection, command: string, stdinFirst: string | null, output: PerfOutput): PerfProcess {
  let channel: ClientChannel | null = null;
  let stopRequested = false;
  let ended = false;
  let closeTimer: NodeJS.Timeout | undefined;

  const sendStop = (to: ClientChannel): void => {
    to.write('stop\n');
    // ssh2 sends a signal only while the channel is open for writing: before the end of input.
    to.signal('INT');
    to.end();
    closeTimer = setTimeout(() => to.close(), CLOSE_AFTER_STOP_MS);
  };

  const exited = new Promise<PerfExit>((resolve) => {
    const finish = (exit: PerfExit): void => {
      if (ended) return;
      ended = true;
      clearTimeout(closeTimer);
      offClose();
      resolve(exit);
    };
    // ssh2 closes no channel when the connection itself goes: the connection says so instead.
    const offClose = connection.onClose((why) => finish({ code: null, signal: null, spawnError: null, lost: why }));
    openExec(connection, command).then(
      (opened) => {
        channel = opened;
        if (ended) {
          opened.close();
          return;
        }
        let code: number | null = null;
        let signal: string | null = null;
        opened.on('data', (bytes: Buffer) => output.stdout(bytes));
        opened.stderr.on('data', (bytes: Buffer) => output.stderr(bytes));
        opened.on('exit', (status: number | null, signalName?: string) => {
          code = typeof status === 'number' ? status : null;
          signal = typeof signalName === 'string' ? `SIG${signalName}` : null;
        });
        opened.on('close', () => finish({ code, signal, spawnError: null, lost: null }));
        if (stdinFirst !== null) opened.write(stdinFirst);
        if (stopRequested) sendStop(opened);
      },
      (err: unknown) => finish({ code: null, signal: null, spawnError: err instanceof Error ? err.message : String(err), lost: null }),
    );
  });

  return {
    stop() {
      if (stopRequested || ended) return false;
      stopRequested = true;
      if (channel !== null) sendStop(channel);
      return true;
    },
    exited,
  };
}
