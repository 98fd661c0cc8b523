/**
 * One capture, from start to end, as the app and the CLI both run it, on this machine or on a
 * server (see perf-host.ts): checks the settings, writes the `#` header, runs perf under its
 * wrapper, keeps every byte perf writes in the spool, hands the text on as it comes, and says how
 * it ended.
 */
import { join } from 'node:path';
import type { CaptureEnded, CaptureProblem } from '../../shared/api';
import { type CaptureSettings, settingsProblems } from '../../shared/capture/capture-settings';
import { perfTraceArgs } from '../../shared/capture/perf-argv';
import { captureHeader } from './capture-header';
import { classifyEnding, connectionProblem, perfSaid } from './capture-problems';
import { CaptureSpool } from './capture-spool';
import { EventCap } from './event-cap';
import type { PerfHost } from './perf-host';
import { PerfMessages } from './perf-messages';
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
  /** Run perf as root (pkexec here, sudo on a server); ignored as root, who needs no lifting. */
  elevate: boolean;
  skbscopeVersion: string;
  /** The spool file to create (it must not exist). */
  spoolPath: string;
}

/**
 * Why these settings cannot be run on this target, in words; empty when they can. Names and globs
 * are checked against the target's own list, unless that list is only the built-in one.
 */
export function captureRefusals(settings: CaptureSettings, elevate: boolean, host: PerfHost): string[] {
  const problems = settingsProblems(settings);
  if (problems.length > 0) return problems;
  const { target } = host;
  const length = host.commandLine(settings, elevate).length;
  if (length > MAX_COMMAND_LINE_CHARS) {
    problems.push(`The perf command line would be ${length} characters long; at most ${MAX_COMMAND_LINE_CHARS} can be run and shown. Choose fewer tracepoints or a shorter command.`);
  }
  if (target.tracepointSource !== 'built-in') {
    for (const name of unmatchedEvents(settings.events, target.tracepoints)) {
      problems.push(
        /[*?]/.test(name)
          ? `No tracepoint on ${target.hostname} matches ${name}: \`perf list '${name.split(':')[0]}:*'\` shows the ones it has.`
          : `The kernel of ${target.hostname} has no tracepoint ${name}: \`perf list '${name.split(':')[0]}:*'\` shows the ones it has.`,
      );
    }
  }
  const elevation = host.elevationRefusal(elevate);
  if (elevation !== null) problems.push(elevation);
  return problems;
}

/** Starts a capture whose settings captureRefusals accepted (and whose host is prepared). */
export async function startCaptureRun(request: CaptureRequest, host: PerfHost, listener: CaptureListener): Promise<CaptureRun> {
  const { settings, elevate } = request;
  const commandLine = host.commandLine(settings, elevate);

  const spool = new CaptureSpool(request.spoolPath);
  const header = captureHeader({
    capturedOn: new Date(),
    hostname: host.target.hostname,
    osRelease: host.target.kernel,
    perfVersion: host.target.perfVersion,
    cmdline: commandLine,
    skbscopeVersion: request.skbscopeVersion,
    dropReasons: host.dropReasons,
  });
  spool.write(header);
  listener.perfText(header, 0);

  const command = settings.mode.kind === 'command' ? (settings.mode.argv[0] ?? '') : null;
  if (host.perfPath === null) return endedRun(commandLine, spool, host.perfMissing(''));
  const missing = await host.preflight(settings);
  if (missing !== null) return endedRun(commandLine, spool, missing);

  let bytes = 0;
  let stopped = false;
  let capped = false;
  let running = true;
  const cap = new EventCap(settings.maxEvents);
  const messages = new PerfMessages();
  const perfDecoder = new TextDecoder('utf-8');
  const commandDecoder = new TextDecoder('utf-8');
  const perf = host.launch(perfTraceArgs(settings), elevate, {
    stderr(chunk) {
      bytes += chunk.length;
      spool.write(chunk);
      const text = perfDecoder.decode(chunk, { stream: true });
      messages.push(text);
      if (text !== '') listener.perfText(text, bytes);
      // As Stop does: what perf prints while it stops is kept too.
      if (cap.count(chunk) && !stopped && perf.stop()) stopped = capped = true;
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
    if (exit.lost !== null) {
      return { outcome: 'interrupted', exitCode: null, signal: null, bytes, problem: connectionProblem(host.target.where, exit.lost, perfSaid(messages.lines)) };
    }
    const problem = classifyEnding(
      { code: exit.code, signal: exit.signal, spawnError: exit.spawnError, stopped, elevatedWith: host.elevation(elevate) },
      messages.lines,
      { command, canElevate: host.target.canElevate, elevateWith: host.target.elevateWith, perfMissing: (said) => host.perfMissing(said) },
    );
    const outcome = problem?.kind === 'perf-killed' ? 'interrupted' : problem !== null ? 'failed' : capped ? 'capped' : stopped ? 'stopped' : 'finished';
    return { outcome, exitCode: exit.code, signal: exit.signal, bytes, problem };
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
