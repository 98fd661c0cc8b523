/**
 * Why a capture failed, in plain words with the fix, from how perf ended and what it said. perf
 * writes its messages to the same standard error as its events; PerfMessages keeps those lines.
 */
import { constants } from 'node:os';
import type { CaptureProblem } from '../../shared/api';

export interface PerfEnding {
  code: number | null;
  signal: string | null;
  spawnError: string | null;
  /** The user (or the app going away) asked perf to stop. */
  stopped: boolean;
  /** How perf was lifted to root, if it was. */
  elevatedWith: 'pkexec' | 'sudo' | null;
}

export interface ProblemContext {
  /** The traced command as typed (argv[0]), or null for a system-wide capture. */
  command: string | null;
  /** Whether running perf as root is on offer where it ran, and how. */
  canElevate: boolean;
  elevateWith: 'pkexec' | 'sudo' | null;
  /** What a missing perf means there: this machine's or a server's words and packages. */
  perfMissing(said: string): CaptureProblem;
}

const INSTALL_PERF = [
  'Install perf, then try again:',
  '  Debian:  sudo apt install linux-perf',
  '  Ubuntu:  sudo apt install linux-tools-common linux-tools-$(uname -r)',
  '  Fedora:  sudo dnf install perf',
].join('\n');

const LASTING_PERMISSIONS = [
  'Or allow it for good (as root, once):',
  '  • let users trace: sudo sysctl kernel.perf_event_paranoid=-1',
  '    or let perf trace, whoever runs it: sudo setcap cap_perfmon,cap_sys_ptrace,cap_syslog=ep $(command -v perf)',
  '  • and where the tracepoints are closed to users: sudo mount -o remount,mode=755 /sys/kernel/tracing',
].join('\n');

/** perf's exit status when the wrapper had to kill it after a stop (128 + SIGKILL). */
const KILLED_AFTER_STOP = 128 + 9;
const PERF_SAID_MAX_CHARS = 8000;

export function perfMissingProblem(said = ''): CaptureProblem {
  return {
    kind: 'perf-missing',
    message: 'perf is not installed on this machine, so Skbscope cannot capture here.',
    fix: INSTALL_PERF,
    perfSaid: said,
    canElevate: false,
  };
}

export function commandNotFoundProblem(command: string, reason: 'missing' | 'not-executable', said = ''): CaptureProblem {
  const message =
    reason === 'missing'
      ? `The command "${command}" was not found, so there was nothing to trace.`
      : `The command "${command}" cannot be run: it is not an executable program.`;
  return {
    kind: 'command-not-found',
    message,
    fix: 'Check its spelling, or give its full path (for example /usr/bin/ping). Commands are run as they are, without a shell.',
    perfSaid: said,
    canElevate: false,
  };
}

function startFailedProblem(detail: string): CaptureProblem {
  return {
    kind: 'start-failed',
    message: `perf could not be started: ${detail}.`,
    fix: 'Skbscope runs perf through /bin/sh; check that /bin/sh exists and that the temporary folder has room.',
    perfSaid: '',
    canElevate: false,
  };
}

/** Something other than Skbscope ended perf mid-capture (kill -9, the out-of-memory killer, a crash); what arrived before is kept. */
function perfKilledProblem(signal: string, said: string): CaptureProblem {
  return {
    kind: 'perf-killed',
    message: `perf was ended by ${signal} during the capture; Skbscope did not stop it. Every event received until then is kept.`,
    fix:
      signal === 'SIGKILL'
        ? 'Save what arrived if you need it, then start a new capture. SIGKILL comes from someone killing perf, or from the kernel running out of memory: `sudo dmesg | grep -i "out of memory"` tells which.'
        : 'Save what arrived if you need it, then start a new capture. If perf crashed, running the same command in a terminal may show why.',
    perfSaid: said,
    canElevate: false,
  };
}

/** `SIGKILL` for 9, or null for a number that names no signal. */
function signalName(n: number): string | null {
  if (n < 1) return null;
  return Object.entries(constants.signals).find(([, value]) => value === n)?.[0] ?? null;
}

/** The SSH connection went while perf ran; what arrived before is kept. */
export function connectionProblem(where: string, why: string, said: string): CaptureProblem {
  return {
    kind: 'connection',
    message: `The connection to ${where} was lost during the capture: ${why}. Every event received until then is kept.`,
    fix: 'Save what arrived if you need it, then start a new capture once the server can be reached again. perf on the server stopped when its connection went.',
    perfSaid: said,
    canElevate: false,
  };
}

/** What went wrong, or null when perf ended as it should (by itself, or stopped). */
export function classifyEnding(end: PerfEnding, lines: readonly string[], context: ProblemContext): CaptureProblem | null {
  if (end.spawnError !== null) return startFailedProblem(end.spawnError);
  const said = perfSaid(lines);

  // pkexec's own statuses: 126 the password dialog was dismissed, 127 no authorisation.
  if (end.elevatedWith === 'pkexec' && (end.code === 126 || end.code === 127)) return pkexecProblem(end.code, said);
  // sudo says why it did not run perf on lines of its own, and exits 1.
  if (end.elevatedWith === 'sudo' && end.code === 1) {
    const refusal = sudoProblem(lines, said);
    if (refusal !== null) return refusal;
  }

  // Ubuntu's /usr/bin/perf is a script that says this when the kernel's own perf is missing.
  const ubuntu = lines.find((l) => /perf not found for kernel/i.test(l));
  if (ubuntu) return context.perfMissing(said);

  // perf exits 0 when its command cannot be run, after saying `name: No such file or directory`.
  if (context.command !== null) {
    if (lines.includes(`${context.command}: No such file or directory`)) return commandNotFoundProblem(context.command, 'missing', said);
    if (lines.includes(`${context.command}: Permission denied`)) return commandNotFoundProblem(context.command, 'not-executable', said);
  }

  const failed = end.signal !== null || (end.code !== 0 && !(end.stopped && end.code === KILLED_AFTER_STOP));
  if (!failed) return null;

  // perf's `Error:` line says most (which file it may not read); the others only that it may not.
  const denied = lines.find((l) => /^\s*Error:/.test(l) && PERMISSION.test(l)) ?? lines.find((l) => PERMISSION.test(l));
  if (denied) return permissionProblem(denied, said, context.canElevate ? context.elevateWith : null);

  const unknown = unknownTracepoint(lines);
  if (unknown !== null) {
    const glob = /[*?]/.test(unknown);
    return {
      kind: 'unknown-tracepoint',
      message: glob ? `No tracepoint on this kernel matches ${unknown}.` : `This kernel has no tracepoint ${unknown}.`,
      fix: `Choose tracepoints this kernel has: the capture dialog lists them, and so does \`perf list '${unknown.split(':')[0]}:*'\`.`,
      perfSaid: said,
      canElevate: false,
    };
  }

  const filter = /^Failed to set filter "(.*)" on event (\S+)/.exec(lines.find((l) => l.startsWith('Failed to set filter')) ?? '');
  if (filter) {
    const [subsystem, event] = (filter[2] ?? '').split(':');
    return {
      kind: 'perf-failed',
      message: `The kernel refused the filter "${filter[1]}" for ${filter[2]}.`,
      fix: `Check the filter's syntax and field names: the fields of ${filter[2]} are listed in /sys/kernel/tracing/events/${subsystem}/${event}/format.`,
      perfSaid: said,
      canElevate: false,
    };
  }

  // The wrapper says 128+N when signal N ended perf; it was not asked to stop, so that came from outside.
  const signal = end.stopped || end.code === null ? null : signalName(end.code - 128);
  if (signal !== null) return perfKilledProblem(signal, said);

  return {
    kind: 'perf-failed',
    message: end.signal !== null ? `perf was ended by ${end.signal}.` : `perf stopped with exit status ${end.code}.`,
    fix: said === '' ? 'perf said nothing about why. Running the same command in a terminal may show more.' : 'What perf said is below; running the same command in a terminal shows the same.',
    perfSaid: said,
    canElevate: false,
  };
}

/** perf's and the kernel's ways of saying "not allowed". */
const PERMISSION =
  /can't access trace events|No permissions? to|Access to performance monitoring and observability operations is (?:limited|not permitted)|perf_event_paranoid setting is|Permission denied|Operation not permitted/i;

const ELEVATE_CHOICE = {
  pkexec: 'Run perf through pkexec: Skbscope asks for your password (polkit) for this capture only.',
  sudo: "Run perf through sudo on the server: Skbscope asks for your sudo password there, for this connection only.",
};

/** `elevateWith`: how perf could be run as root instead, when that is on offer. */
function permissionProblem(denied: string, said: string, elevateWith: 'pkexec' | 'sudo' | null): CaptureProblem {
  const choices = elevateWith !== null ? `${ELEVATE_CHOICE[elevateWith]}\n${LASTING_PERMISSIONS}` : LASTING_PERMISSIONS.replace(/^Or allow/, 'Allow');
  return {
    kind: 'permission',
    message: `perf was not allowed to trace the kernel's tracepoints. perf said: "${denied.replace(/^\s*(?:Error:|\\_+)\s*/, '').trim()}".`,
    fix: choices,
    perfSaid: said,
    canElevate: elevateWith !== null,
  };
}

/** sudo's own refusals (`sudo: a password is required`, not in sudoers, needs a tty), or null. */
function sudoProblem(lines: readonly string[], said: string): CaptureProblem | null {
  const sudo = lines.filter((l) => /^sudo: /.test(l)).join('\n');
  if (sudo === '') return null;
  const problem = (message: string, fix: string): CaptureProblem => ({ kind: 'permission', message, fix, perfSaid: said, canElevate: false });
  if (/password is required/.test(sudo)) {
    return problem('sudo on the server now asks for a password, so perf did not run.', 'Connect again: Skbscope then asks for the sudo password when perf needs it.');
  }
  if (/not in the sudoers file|not allowed to (?:execute|run)|may not run sudo/.test(sudo)) {
    return problem('This user may not run perf through sudo on the server.', `Ask the server's administrator to allow it in sudoers, or connect as a user who may trace (root).\n${LASTING_PERMISSIONS}`);
  }
  if (/must have a tty|no tty present/.test(sudo)) {
    return problem('sudo on the server only runs from a terminal (Defaults requiretty), so perf did not run.', "Ask the server's administrator to drop requiretty for this user, or connect as root.");
  }
  if (/incorrect password|try again/i.test(sudo)) {
    return problem('sudo on the server did not accept the password, so perf did not run.', 'Start the capture again and enter the sudo password of the user you connect as.');
  }
  return null;
}

function pkexecProblem(code: 126 | 127, said: string): CaptureProblem {
  return {
    kind: 'permission',
    message:
      code === 126
        ? 'The password dialog was closed, so perf did not run.'
        : 'pkexec could not get permission to run perf (wrong password, no polkit agent to ask for it, or not allowed by policy).',
    fix: `Start the capture again and enter your password.\n${LASTING_PERMISSIONS}`,
    perfSaid: said,
    canElevate: code === 126,
  };
}

/** `event syntax error: 'net:nosuch'` then `\___ unknown tracepoint`: the name between the quotes. */
function unknownTracepoint(lines: readonly string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    const m = /^event syntax error: '([^']*)'/.exec(lines[i] ?? '');
    if (m && /unknown tracepoint/.test(lines[i + 1] ?? '')) return m[1] ?? null;
  }
  return null;
}

/** perf's lines without its usage text, the last of them when there are many. */
export function perfSaid(lines: readonly string[]): string {
  const usage = lines.findIndex((l) => /^\s*Usage: perf /.test(l));
  const kept = (usage >= 0 ? lines.slice(0, usage) : lines).map((l) => l.trimEnd());
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  let text = kept.join('\n');
  if (text.length > PERF_SAID_MAX_CHARS) text = `…${text.slice(-PERF_SAID_MAX_CHARS)}`;
  return text;
}
