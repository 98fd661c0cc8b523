/**
 * This machine as a capture target: who we are, which perf, whether pkexec can lift us to root,
 * and which packet tracepoints the kernel has, read from the kernel itself where it lets us.
 */
import { execFile } from 'node:child_process';
import { hostname, release } from 'node:os';
import type { CaptureTarget } from '../../shared/api';
import type { TracepointGroup } from '../../shared/capture/capture-settings';
import type { DropReasons } from '../../shared/journeys/drop-reasons';
import { perfMissingProblem } from './capture-problems';
import { readDropReasons } from './drop-reasons-format';
import { findProgram, pathVariable, searchDirs } from './program-path';
import { BUILT_IN_TRACEPOINTS, TRACEFS_EVENT_DIRS, tracepointsFromPerfList, tracepointsFromTracefs } from './tracepoints';

export interface LocalTarget {
  target: CaptureTarget;
  perfPath: string | null;
  /** Read from tracefs like the tracepoints; empty when it cannot be read. */
  dropReasons: DropReasons;
  /** Set when not root and pkexec is installed. */
  pkexecPath: string | null;
  /** Where programs are looked for, and the PATH perf and its command run with. */
  dirs: string[];
  env: NodeJS.ProcessEnv;
}

export interface TargetOptions {
  env?: NodeJS.ProcessEnv;
  /** Tracefs event folders to try, in order (tests point these elsewhere). */
  eventDirs?: readonly string[];
  uid?: number;
}

const PERF_QUERY_TIMEOUT_MS = 10_000;

export async function readLocalTarget(options: TargetOptions = {}): Promise<LocalTarget> {
  const dirs = searchDirs((options.env ?? process.env).PATH);
  const env = { ...(options.env ?? process.env), PATH: pathVariable(dirs) };
  const isRoot = (options.uid ?? process.getuid?.() ?? -1) === 0;
  const [perfPath, pkexec] = await Promise.all([findProgram('perf', dirs), isRoot ? null : findProgram('pkexec', dirs)]);
  const perfVersion = perfPath === null ? null : await perfOutput(perfPath, ['--version'], env);
  const eventDirs = options.eventDirs ?? TRACEFS_EVENT_DIRS;
  const [list, dropReasons] = await Promise.all([readTracepoints(perfPath, eventDirs, env), readDropReasons(eventDirs)]);

  let problem: string | null = null;
  if (perfPath === null) problem = `${perfMissingProblem().message}\n${perfMissingProblem().fix}`;
  else if (perfVersion === null) problem = `${perfPath} is there but does not run (\`perf --version\` failed). ${perfMissingProblem().fix}`;
  else if (list.source === 'built-in') problem = list.why;

  return {
    target: {
      where: 'this machine',
      hostname: hostname(),
      kernel: release(),
      perfVersion,
      isRoot,
      canElevate: pkexec !== null,
      elevateWith: pkexec !== null ? 'pkexec' : null,
      tracepoints: list.groups,
      tracepointSource: list.source,
      problem,
    },
    perfPath: perfVersion === null ? null : perfPath,
    dropReasons,
    pkexecPath: pkexec,
    dirs,
    env,
  };
}

type TracepointList = { groups: TracepointGroup[]; source: 'tracefs' | 'perf list' } | { groups: TracepointGroup[]; source: 'built-in'; why: string };

async function readTracepoints(perfPath: string | null, eventDirs: readonly string[], env: NodeJS.ProcessEnv): Promise<TracepointList> {
  for (const dir of eventDirs) {
    const groups = await tracepointsFromTracefs(dir);
    if (groups !== null) return { groups, source: 'tracefs' };
  }
  // perf reads tracefs too, but may know a mount point we do not; as a user who may not read
  // tracefs it prints nothing.
  if (perfPath !== null) {
    const dump = await perfOutput(perfPath, ['list', '--raw-dump', 'tracepoint'], env);
    const groups = dump === null ? [] : tracepointsFromPerfList(dump);
    if (groups.length > 0) return { groups, source: 'perf list' };
  }
  return {
    groups: BUILT_IN_TRACEPOINTS.map((g) => ({ subsystem: g.subsystem, events: [...g.events] })),
    source: 'built-in',
    why:
      `This machine's tracepoints could not be read (not from ${eventDirs.join(' or ')}, nor from \`perf list\`), so this list is a built-in one. ` +
      'Usually that means this user may not read them, and perf will need more permissions too: run it through pkexec, or see the help on permissions.',
  };
}

/** perf's standard output for a quick query, or null when it fails. */
function perfOutput(perfPath: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(perfPath, args, { env, timeout: PERF_QUERY_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      resolve(err ? null : stdout.trim());
    });
  });
}
