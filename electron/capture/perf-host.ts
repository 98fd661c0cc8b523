/**
 * Where perf runs, as a capture needs to know it: this machine (a child process, pkexec to be
 * root) or a server over SSH (an exec channel, sudo to be root). A capture run is the same on
 * both; only what this interface says differs.
 */
import type { CaptureProblem, CaptureTarget } from '../../shared/api';
import type { CaptureSettings } from '../../shared/capture/capture-settings';
import type { DropReasons } from '../../shared/journeys/drop-reasons';
import type { PerfOutput, PerfProcess } from './perf-process';

export interface PerfHost {
  readonly target: CaptureTarget;
  /** perf's absolute path there, or null when it has none (a capture then fails saying how to install it). */
  readonly perfPath: string | null;
  /** The kernel's skb_drop_reason names, read from its own tracefs; empty when that could not be read. */
  readonly dropReasons: DropReasons;
  /** How perf is lifted to root for this capture: through pkexec or sudo, or not at all. */
  elevation(elevate: boolean): 'pkexec' | 'sudo' | null;
  /** Why `elevate` cannot be honoured there, in words; null when it can (or need not be). */
  elevationRefusal(elevate: boolean): string | null;
  /** The command as the user sees and copies it, quoted for a POSIX shell. */
  commandLine(settings: CaptureSettings, elevate: boolean): string;
  /** What a missing perf means there, with how to install it. */
  perfMissing(said: string): CaptureProblem;
  /** A problem found before perf starts (the traced command is not there), or null. */
  preflight(settings: CaptureSettings): Promise<CaptureProblem | null>;
  /**
   * Gets what running perf needs from the person first (a sudo password); rejects in plain words
   * when it cannot be had.
   */
  prepare(elevate: boolean): Promise<void>;
  /** Starts perf under the wrapper; a failure to start shows in how the process ends. */
  launch(perfArgs: readonly string[], elevate: boolean, output: PerfOutput): PerfProcess;
}
