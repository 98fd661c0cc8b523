/**
 * `skbscope capture`: the app's capture code from a terminal, for servers without a display. The
 * file is written only once the capture is complete, whole or not at all; Ctrl+C stops perf and
 * the file is still written.
 */
import { constants } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CaptureProblem } from '../../shared/api';
import { TraceParser } from '../../shared/trace/trace-parser';
import { captureRefusals, spoolPathFor, startCaptureRun } from '../capture/capture-run';
import { localPerfHost } from '../capture/local-perf-host';
import { readLocalTarget } from '../capture/local-target';
import { describeSaveError } from '../capture/save-errors';
import { makeSpoolDir, sweepAbandonedSpoolDirs } from '../capture/spool-folders';
import { CAPTURE_USAGE, parseCaptureArgs } from './capture-args';

/** How often the running count is shown: often on a terminal, now and then in a log. */
const PROGRESS_MS_TTY = 200;
const PROGRESS_MS_LOG = 5000;

export async function captureCommand(argv: readonly string[], skbscopeVersion: string): Promise<number> {
  const args = parseCaptureArgs(argv, process.cwd());
  if (args.kind === 'help') {
    process.stdout.write(CAPTURE_USAGE);
    return 0;
  }
  if (args.kind === 'error') {
    process.stderr.write(`skbscope capture: ${args.message}\n\n${CAPTURE_USAGE}`);
    return 2;
  }
  const say = (line: string): void => void process.stderr.write(`skbscope: ${line}\n`);

  // Found out now rather than after a long capture.
  const writable = await access(dirname(args.output), constants.W_OK).then(
    () => null,
    (err: unknown) => err,
  );
  if (writable !== null) {
    say(describeSaveError(writable, args.output));
    return 1;
  }
  // pkexec is the app's way to root; in a terminal it is sudo, which the fix for a refusal says.
  const found = await readLocalTarget();
  const local = localPerfHost({ ...found, pkexecPath: null, target: { ...found.target, canElevate: false, elevateWith: null } });
  const refusals = captureRefusals(args.settings, false, local);
  if (refusals.length > 0) {
    for (const refusal of refusals) say(refusal);
    return 1;
  }

  // What captures killed outright (here or in the app) left behind, then a folder of this one's own.
  await sweepAbandonedSpoolDirs();
  const spoolDir = await makeSpoolDir();
  const parser = new TraceParser();
  const progress = new Progress();
  let stop: (() => void) | null = null;
  try {
    const started = await startCaptureRun(
      { settings: args.settings, elevate: false, skbscopeVersion, spoolPath: spoolPathFor(spoolDir, 'capture') },
      local,
      {
        perfText(text) {
          parser.push(text);
          // Only the count is wanted: the parsed columns are dropped as they come.
          parser.takeBatch();
          progress.show(() => parser.stats().events);
        },
        commandText: (text) => void process.stdout.write(text),
      },
    );
    const stopNow = (): void => {
      if (started.stop()) progress.note('stopping perf; what it captured is kept');
    };
    stop = stopNow;
    process.on('SIGINT', stopNow);
    process.on('SIGTERM', stopNow);
    const untilStop = args.settings.mode.kind === 'system' && args.settings.mode.seconds === null;
    if (started.running) say(`running ${started.commandLine}${untilStop ? '  (Ctrl+C stops it)' : ''}`);

    const ended = await started.ended;
    parser.end();
    parser.takeBatch();
    progress.done();
    if (ended.problem !== null) {
      sayProblem(ended.problem);
      return 1;
    }
    await started.spool.saveAs(args.output);
    const events = parser.stats().events;
    say(`${ended.outcome === 'stopped' ? 'stopped; ' : ''}${events} event${events === 1 ? '' : 's'} (${ended.bytes} bytes from perf) written to ${args.output}`);
    return 0;
  } catch (err) {
    progress.done();
    say(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    if (stop !== null) {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    await rm(spoolDir, { recursive: true, force: true });
  }
}

function sayProblem(problem: CaptureProblem): void {
  const asRoot = problem.kind === 'permission' ? 'Run the capture as root (sudo skbscope capture …).\n' : '';
  process.stderr.write(`skbscope: ${problem.message}\n${indent(asRoot + problem.fix)}\n`);
  if (problem.perfSaid !== '') process.stderr.write(`perf said:\n${indent(problem.perfSaid)}\n`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** The running event count on standard error: one line redrawn on a terminal, a line now and then in a log. */
class Progress {
  private readonly tty = process.stderr.isTTY === true;
  private last = Date.now();
  private drawn = false;

  show(count: () => number): void {
    const now = Date.now();
    if (now - this.last < (this.tty ? PROGRESS_MS_TTY : PROGRESS_MS_LOG)) return;
    this.last = now;
    if (this.tty) {
      process.stderr.write(`\rskbscope: ${count()} events so far`);
      this.drawn = true;
    } else {
      process.stderr.write(`skbscope: ${count()} events so far\n`);
    }
  }

  note(line: string): void {
    this.done();
    process.stderr.write(`skbscope: ${line}\n`);
  }

  done(): void {
    if (this.drawn) process.stderr.write('\n');
    this.drawn = false;
  }
}
