/**
 * One capture on this machine, from start to end, as the app and the CLI both run it: checks the
 * settings, writes the `#` header, runs perf under its wrapper, keeps every byte perf writes in the
 * spool, hands the text on as it comes, and says how it ended.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureEnded, CaptureProblem } from '../../shared/api';
import { type CaptureSettings, settingsProblems } from '../../shared/capture/capture-settings';
import { perfCommandLine, perfTraceArgs } from '../../shared/capture/perf-argv';
import { shellQuote } from '../../shared/capture/shell-quote';
import { captureHeader } from './capture-header';
import { classifyEnding, commandNotFoundProblem, perfMissingProblem } from './capture-problems';
import { CaptureSpool } from './capture-spool';
import type { LocalTarget } from './local-target';
import { PerfMessages } from './perf-messages';
import { spawnPerf } from './perf-process';
import { wrapperCommand } from './perf-wrapper';
import { findProgram } from './program-path';
import { unmatchedEvents } from './tracepoints';

export interface CaptureListener {
  /**
   * perf's output as text, in order, the header first; `bytes` counts perf's own bytes received so
   * far (the header is not counted, so its call says 0).
   */
  perfText(text: string, bytes: number): void;
  /** What the traced command printed on its standard output. */
  commandText(text: string): void;
}

export type CaptureOutcome = Omit<CaptureEnded, 'captureId'>;

/** The contract carries the command line in up to 65,536 characters, pkexec's path in front included. */
const MAX_COMMAND_LINE_CHARS = 60_000;

export interface CaptureRun {
  /** The command run, quoted for a POSIX shell, to show and copy. */
  readonly commandLine: string;
  readonly spool: CaptureSpool;
  readonly running: boolean;
  /** Asks perf to stop as Ctrl+C would; false when it is not running (or already stopping). */
  stop(): boolean;
  /** Settles (never rejects) once perf has ended and the spool holds everything. */
  readonly ended: Promise<CaptureOutcome>;
}

export interface CaptureRequest {
  settings: CaptureSettings;
  /** Run perf through pkexec; ignored as root, who needs no lifting. */
  elevate: boolean;
  skbscopeVersion: string;
  /** The spool file to create (it must not exist). */
  spoolPath: string;
}

/**
 * Why these settings cannot be run on this target, in words; empty when they can. Names and globs
 * are checked against the target's own list, unless that list is only the built-in one.
 */
export function captureRefusals(settings: CaptureSettings, elevate: boolean, local: LocalTarget): string[] {
  const problems = settingsProblems(settings);
  if (problems.length > 0) return problems;
  const length = perfCommandLine(settings, local.perfPath ?? 'perf').length;
  if (length > MAX_COMMAND_LINE_CHARS) {
    problems.push(`The perf command line would be ${length} characters long; at most ${MAX_COMMAND_LINE_CHARS} can be run and shown. Choose fewer tracepoints or a shorter command.`);
  }
  if (local.target.tracepointSource !== 'built-in') {
    for (const name of unmatchedEvents(settings.events, local.target.tracepoints)) {
      problems.push(
        /[*?]/.test(name)
          ? `No tracepoint on ${local.target.hostname} matches ${name}: \`perf list '${name.split(':')[0]}:*'\` shows the ones it has.`
          : `The kernel of ${local.target.hostname} has no tracepoint ${name}: \`perf list '${name.split(':')[0]}:*'\` shows the ones it has.`,
      );
    }
  }
  if (elevate && !local.target.isRoot && local.pkexecPath === null) {
    problems.push('pkexec is not installed here, so perf cannot be run as root from Skbscope. See the help on permissions for lasting alternatives.');
  }
  return problems;
}

/** Starts a capture whose settings captureRefusals accepted. */
export async function startCaptureRun(request: CaptureRequest, local: LocalTarget, listener: CaptureListener): Promise<CaptureRun> {
  const { settings } = request;
  const pkexec = request.elevate && !local.target.isRoot ? local.pkexecPath : null;
  const perfShown = pkexec === null ? 'perf' : (local.perfPath ?? 'perf');
  const commandLine = `${pkexec === null ? '' : `${shellQuote(pkexec)} `}${perfCommandLine(settings, perfShown)}`;

  const spool = new CaptureSpool(request.spoolPath);
  const header = captureHeader({
    capturedOn: new Date(),
    hostname: local.target.hostname,
    osRelease: local.target.kernel,
    perfVersion: local.target.perfVersion,
    cmdline: commandLine,
    skbscopeVersion: request.skbscopeVersion,
  });
  spool.write(header);
  listener.perfText(header, 0);

  const command = settings.mode.kind === 'command' ? (settings.mode.argv[0] ?? '') : null;
  const perfPath = local.perfPath;
  if (perfPath === null) return endedRun(commandLine, spool, perfMissingProblem());
  const missing = command === null ? null : await commandProblem(command, local.dirs);
  if (missing !== null) return endedRun(commandLine, spool, missing);

  let bytes = 0;
  let stopped = false;
  let running = true;
  const messages = new PerfMessages();
  const perfDecoder = new TextDecoder('utf-8');
  const commandDecoder = new TextDecoder('utf-8');
  const perf = spawnPerf(wrapperCommand(perfPath, perfTraceArgs(settings), pkexec), local.env, {
    stderr(chunk) {
      bytes += chunk.length;
      spool.write(chunk);
      const text = perfDecoder.decode(chunk, { stream: true });
      messages.push(text);
      if (text !== '') listener.perfText(text, bytes);
    },
    stdout(chunk) {
      const text = commandDecoder.decode(chunk, { stream: true });
      if (text !== '') listener.commandText(text);
    },
  });

  const ended = perf.exited.then(async (exit): Promise<CaptureOutcome> => {
    const rest = perfDecoder.decode();
    if (rest !== '') {
      messages.push(rest);
      listener.perfText(rest, bytes);
    }
    const commandRest = commandDecoder.decode();
    if (commandRest !== '') listener.commandText(commandRest);
    messages.end();
    await spool.finish();
    running = false;
    const problem = classifyEnding(
      { code: exit.code, signal: exit.signal, spawnError: exit.spawnError, stopped, elevated: pkexec !== null },
      messages.lines,
      { command, canElevate: local.target.canElevate },
    );
    return { outcome: problem !== null ? 'failed' : stopped ? 'stopped' : 'finished', exitCode: exit.code, signal: exit.signal, bytes, problem };
  });

  return {
    commandLine,
    spool,
    get running() {
      return running;
    },
    stop() {
      if (!running || !perf.stop()) return false;
      stopped = true;
      return true;
    },
    ended,
  };
}

/** A command that cannot be found or run, said before perf is started (perf would say it less plainly). */
async function commandProblem(command: string, dirs: readonly string[]): Promise<CaptureProblem | null> {
  if ((await findProgram(command, dirs)) !== null) return null;
  // A path that is there but not found as a program is a folder or a file without execute permission.
  const there = command.includes('/') && (await stat(command).then(() => true, () => false));
  return commandNotFoundProblem(command, there ? 'not-executable' : 'missing');
}

function endedRun(commandLine: string, spool: CaptureSpool, problem: CaptureProblem): CaptureRun {
  return {
    commandLine,
    spool,
    running: false,
    stop: () => false,
    ended: spool.finish().then(() => ({ outcome: 'failed', exitCode: null, signal: null, bytes: 0, problem })),
  };
}

/** The spool file for a capture id inside a folder of the app's own. */
export function spoolPathFor(dir: string, captureId: string): string {
  return join(dir, `${captureId}.txt`);
}
