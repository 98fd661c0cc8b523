/**
 * `skbscope capture`: the app's capture code from a terminal, for servers without a display, or
 * for a server reached over SSH (--ssh). The file is written only once the capture is complete,
 * whole or not at all; Ctrl+C stops perf and the file is still written, and so is what arrived
 * before a connection to a server dropped.
 */
import { constants } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CaptureProblem } from '../../shared/api';
import type { CaptureSettings } from '../../shared/capture/capture-settings';
import { TraceParser } from '../../shared/trace/trace-parser';
import { captureRefusals, spoolPathFor, startCaptureRun } from '../capture/capture-run';
import { describeSaveError } from '../capture/save-errors';
import { makeSpoolDir, sweepAbandonedSpoolDirs } from '../capture/spool-folders';
import { CAPTURE_USAGE, parseCaptureArgs } from './capture-args';
import { type CapturePlace, localPlace, remotePlace } from './capture-place';

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
  let place: CapturePlace;
  try {
    place = args.ssh === null ? await localPlace() : await remotePlace(args.ssh);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    return 1;
  }
  try {
    return await capture(args.settings, args.output, place, skbscopeVersion, say);
  } finally {
    place.close();
  }
}

async function capture(settings: CaptureSettings, output: string, place: CapturePlace, skbscopeVersion: string, say: (line: string) => void): Promise<number> {
  const { host, elevate } = place;
  const refusals = captureRefusals(settings, elevate, host);
  if (refusals.length > 0) {
    for (const refusal of refusals) say(refusal);
    return 1;
  }
  try {
    // A sudo password, asked before anything runs.
    await host.prepare(elevate);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
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
      { settings, elevate, skbscopeVersion, spoolPath: spoolPathFor(spoolDir, 'capture') },
      host,
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
    const untilStop = settings.mode.kind === 'system' && settings.mode.seconds === null;
    if (started.running) say(`running ${started.commandLine}${untilStop ? '  (Ctrl+C stops it)' : ''}`);

    const ended = await started.ended;
    parser.end();
    parser.takeBatch();
    progress.done();
    if (ended.problem !== null) sayProblem(ended.problem, place.permissionHint);
    // A dropped connection or a killed perf keeps what arrived before it; a failed capture has nothing worth keeping.
    if (ended.outcome === 'failed') return 1;
    await started.spool.saveAs(output);
    const events = parser.stats().events;
    if (ended.outcome === 'capped') {
      say(`the capture reached its cap of ${settings.maxEvents} events, so perf was stopped as Ctrl+C would; to capture more, raise the cap with --max-events N`);
    }
    const how = ended.outcome === 'stopped' || ended.outcome === 'capped' ? 'stopped; ' : ended.outcome === 'interrupted' ? 'interrupted; ' : '';
    say(`${how}${events} event${events === 1 ? '' : 's'} (${ended.bytes} bytes from perf) written to ${output}`);
    return ended.outcome === 'interrupted' ? 1 : 0;
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

function sayProblem(problem: CaptureProblem, permissionHint: string | null): void {
  const asRoot = problem.kind === 'permission' && permissionHint !== null ? `${permissionHint}\n` : '';
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
