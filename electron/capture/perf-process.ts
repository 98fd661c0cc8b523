/**
 * perf running under the wrapper (see perf-wrapper.ts) on this machine: its standard error (perf's
 * events and messages, and the traced command's errors) and standard output (the traced
 * command's) as they come, a way to stop it, and how it ended. ssh/remote/remote-perf.ts is the
 * same over SSH.
 */
import { spawn } from 'node:child_process';
import type { SpawnPlan } from './perf-wrapper';

export interface PerfExit {
  /** The wrapper's exit status: perf's own, or 128+N when signal N ended perf. */
  code: number | null;
  /** The signal that ended the wrapper itself (SIGKILL …), which only happens when something outside killed it. */
  signal: string | null;
  /** Why the wrapper could not be started at all. */
  spawnError: string | null;
  /** Why the connection to the server went while perf ran (over SSH only): how it ended is then unknown. */
  lost: string | null;
}

export interface PerfOutput {
  stderr(bytes: Buffer): void;
  stdout(bytes: Buffer): void;
}

export interface PerfProcess {
  /** Asks perf to stop as Ctrl+C would; false when it had been asked already or has ended. */
  stop(): boolean;
  /** Settles once perf has ended and all of its output has been handed over. */
  readonly exited: Promise<PerfExit>;
}

/** How long output may keep arriving after the wrapper exits, from something that escaped its group. */
const DRAIN_AFTER_EXIT_MS = 2000;

export function spawnPerf(plan: SpawnPlan, env: NodeJS.ProcessEnv, output: PerfOutput): PerfProcess {
  // Detached: its own session, so a terminal's Ctrl+C reaches only the app (which then stops perf
  // through the pipe) and never kills the wrapper before it can stop perf.
  const child = spawn(plan.file, plan.args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
  let stopRequested = false;
  let ended = false;
  let spawnError: string | null = null;

  child.stderr.on('data', (bytes: Buffer) => output.stderr(bytes));
  child.stdout.on('data', (bytes: Buffer) => output.stdout(bytes));
  // The wrapper may be gone when a stop is written: that is not an error.
  child.stdin.on('error', () => undefined);

  const exited = new Promise<PerfExit>((resolve) => {
    let drainTimer: NodeJS.Timeout | undefined;
    child.on('error', (err) => {
      spawnError = err.message;
    });
    child.on('exit', () => {
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, DRAIN_AFTER_EXIT_MS);
    });
    child.on('close', (code, signal) => {
      clearTimeout(drainTimer);
      ended = true;
      child.stdin.destroy();
      resolve({ code: spawnError === null ? code : null, signal: spawnError === null ? signal : null, spawnError, lost: null });
    });
  });

  return {
    stop() {
      if (stopRequested || ended) return false;
      stopRequested = true;
      child.stdin.end('stop\n');
      return true;
    },
    exited,
  };
}
