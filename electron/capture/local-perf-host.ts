/**
 * This machine as a place to run perf (see perf-host.ts): a child process of the app, lifted to
 * root through pkexec when asked, found and checked on this machine's PATH.
 */
import { stat } from 'node:fs/promises';
import type { CaptureProblem } from '../../shared/api';
import { perfCommandLine } from '../../shared/capture/perf-argv';
import { shellQuote } from '../../shared/capture/shell-quote';
import { commandNotFoundProblem, perfMissingProblem } from './capture-problems';
import type { LocalTarget } from './local-target';
import type { PerfHost } from './perf-host';
import { spawnPerf } from './perf-process';
import { wrapperCommand } from './perf-wrapper';
import { findProgram } from './program-path';

export function localPerfHost(local: LocalTarget): PerfHost {
  // Root needs no lifting.
  const pkexecFor = (elevate: boolean): string | null => (elevate && !local.target.isRoot ? local.pkexecPath : null);
  return {
    target: local.target,
    perfPath: local.perfPath,
    dropReasons: local.dropReasons,
    elevation: (elevate) => (pkexecFor(elevate) === null ? null : 'pkexec'),
    elevationRefusal: (elevate) =>
      elevate && !local.target.isRoot && local.pkexecPath === null
        ? 'pkexec is not installed here, so perf cannot be run as root from Skbscope. See the help on permissions for lasting alternatives.'
        : null,
    commandLine(settings, elevate) {
      const pkexec = pkexecFor(elevate);
      // pkexec clears PATH, so perf is shown (and run) by its absolute path after it.
      if (pkexec === null) return perfCommandLine(settings, 'perf');
      return `${shellQuote(pkexec)} ${perfCommandLine(settings, local.perfPath ?? 'perf')}`;
    },
    perfMissing: perfMissingProblem,
    preflight: (settings) => (settings.mode.kind === 'command' ? commandProblem(settings.mode.argv[0] ?? '', local.dirs) : Promise.resolve(null)),
    prepare: async () => undefined,
    launch: (perfArgs, elevate, output) => spawnPerf(wrapperCommand(local.perfPath ?? 'perf', perfArgs, pkexecFor(elevate)), local.env, output),
  };
}

/** A command that cannot be found or run, said before perf is started (perf would say it less plainly). */
async function commandProblem(command: string, dirs: readonly string[]): Promise<CaptureProblem | null> {
  if ((await findProgram(command, dirs)) !== null) return null;
  // A path that is there but not found as a program is a folder or a file without execute permission.
  const there = command.includes('/') && (await stat(command).then(() => true, () => false));
  return commandNotFoundProblem(command, there ? 'not-executable' : 'missing');
}
