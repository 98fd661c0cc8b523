/**
 * A server as a place to run perf (see capture/perf-host.ts), over one SSH connection. Who may run
 * perf as root decides how it is run: root runs it as it is; a user with passwordless sudo runs it
 * through `sudo -n`, always; a user whose sudo needs a password runs it through sudo when asked
 * to elevate, the password asked once for the connection and given on the channel's standard
 * input (`sudo -S -p ''`), never on a command line. Every word of the command is quoted for the
 * shell there, the wrapper script included.
 */
import type { CaptureProblem, CaptureTarget } from '../../../shared/api';
import { perfCommandLine } from '../../../shared/capture/perf-argv';
import { shellQuote } from '../../../shared/capture/shell-quote';
import { BUILT_IN_TRACEPOINTS } from '../../capture/tracepoints';
import type { PerfHost } from '../../capture/perf-host';
import { PERF_WRAPPER, WRAPPER_NAME } from '../../capture/perf-wrapper';
import type { PromptPort } from '../connection/prompt-port';
import type { SshConnection } from '../connection/ssh-connection';
import { installPerfAdvice } from './perf-packages';
import { remotePerf } from './remote-perf';
import { runRemote } from './remote-exec';
import { parseProbe, PROBE_SCRIPT, type ServerProbe } from './server-probe';
import { checkSudoPassword } from './sudo-password';

/** Each connection's sudo password once given, kept for that connection only (and asked again on the next). */
const sudoPasswords = new WeakMap<SshConnection, string>();

const PROBE_MAX_BYTES = 4 * 1024 * 1024;
const PROBE_TIMEOUT_MS = 30_000;
const SUDO_TRIES = 3;

/** One command line for the login shell there: `exec` and every word quoted. */
export function remoteCommand(argv: readonly string[]): string {
  return `exec ${argv.map(shellQuote).join(' ')}`;
}

/** Asks the server what it offers (one exec) and returns it as a place to capture. */
export async function readRemoteHost(connection: SshConnection, prompts: PromptPort): Promise<PerfHost> {
  const answer = await runRemote(connection, remoteCommand(['/bin/sh', '-c', PROBE_SCRIPT]), { maxBytes: PROBE_MAX_BYTES, timeoutMs: PROBE_TIMEOUT_MS });
  let probe: ServerProbe;
  try {
    probe = parseProbe(answer.stdout);
  } catch (err) {
    const said = answer.stderr.trim().slice(0, 2000);
    throw new Error(`${connection.name} did not answer as a Linux server with a POSIX shell would: ${err instanceof Error ? err.message : String(err)}.${said === '' ? '' : ` It said: ${said}`}`);
  }
  return remoteHost(connection, probe, prompts);
}

function remoteHost(connection: SshConnection, probe: ServerProbe, prompts: PromptPort): PerfHost {
  const isRoot = probe.uid === 0;
  const sudo = isRoot ? 'root' : probe.sudo;
  const elevation = (elevate: boolean): 'sudo' | null => (sudo === 'nopasswd' || (sudo === 'password' && elevate) ? 'sudo' : null);
  const perfMissing = (said: string): CaptureProblem => ({
    kind: 'perf-missing',
    message: `perf is not installed on ${connection.where}${probe.os.prettyName === null ? '' : ` (${probe.os.prettyName})`}, so Skbscope cannot capture there.`,
    fix: `Install perf there, then try again:\n${installPerfAdvice(probe.os, probe.kernel)}`,
    perfSaid: said,
    canElevate: false,
  });

  const target: CaptureTarget = {
    where: sudo === 'nopasswd' ? `${connection.where} (perf through sudo -n)` : connection.where,
    hostname: probe.hostname,
    kernel: probe.kernel,
    perfVersion: probe.perfVersion,
    isRoot,
    canElevate: sudo === 'password',
    elevateWith: sudo === 'password' || sudo === 'nopasswd' ? 'sudo' : null,
    tracepoints: probe.tracepointSource === 'built-in' ? BUILT_IN_TRACEPOINTS.map((g) => ({ subsystem: g.subsystem, events: [...g.events] })) : probe.tracepoints,
    tracepointSource: probe.tracepointSource,
    problem: targetProblem(connection, probe, sudo, perfMissing),
  };

  return {
    target,
    perfPath: probe.perfVersion === null ? null : probe.perfPath,
    dropReasons: probe.dropReasons,
    elevation,
    elevationRefusal: (elevate) =>
      elevate && sudo === 'missing'
        ? `sudo is not installed on ${connection.where}, so perf cannot be run as root there. Connect as root, or let this user trace (see the help on permissions).`
        : null,
    commandLine(settings, elevate) {
      const perf = probe.perfPath ?? 'perf';
      if (elevation(elevate) === null) return perfCommandLine(settings, 'perf');
      return `${sudo === 'nopasswd' ? 'sudo -n' : 'sudo'} ${perfCommandLine(settings, perf)}`;
    },
    perfMissing,
    // perf says itself when the traced command is not there.
    preflight: async () => null,
    async prepare(elevate) {
      if (elevation(elevate) !== 'sudo' || sudo !== 'password' || sudoPasswords.has(connection)) return;
      const password = await askSudoPassword(connection, prompts);
      if (connection.closedBecause !== null) return;
      sudoPasswords.set(connection, password);
      connection.onClose(() => sudoPasswords.delete(connection));
    },
    launch(perfArgs, elevate, output) {
      const wrapped = ['/bin/sh', '-c', PERF_WRAPPER, WRAPPER_NAME, probe.perfPath ?? 'perf', ...perfArgs];
      const how = elevation(elevate);
      if (how === null) return remotePerf(connection, remoteCommand(wrapped), null, output);
      if (sudo === 'nopasswd') return remotePerf(connection, remoteCommand(['sudo', '-n', ...wrapped]), null, output);
      // -k: sudo always reads the password line, even with a ticket cached, so the wrapper never takes it for a stop.
      return remotePerf(connection, remoteCommand(['sudo', '-k', '-S', '-p', '', ...wrapped]), `${sudoPasswords.get(connection) ?? ''}\n`, output);
    },
  };
}

function targetProblem(connection: SshConnection, probe: ServerProbe, sudo: string, perfMissing: (said: string) => CaptureProblem): string | null {
  if (probe.perfPath === null) return `${perfMissing('').message}\n${perfMissing('').fix}`;
  if (probe.perfVersion === null) return `${probe.perfPath} is there but does not run (\`perf --version\` failed). ${perfMissing('').fix}`;
  if (probe.tracepointSource === 'built-in') {
    const lift = sudo === 'password' ? ' Run perf through sudo when the capture asks.' : '';
    return `The tracepoints of ${connection.where} could not be read (neither from tracefs nor from \`perf list\`), so this list is a built-in one. Usually that means this user may not read them, and perf will need more permissions too.${lift}`;
  }
  return null;
}

async function askSudoPassword(connection: SshConnection, prompts: PromptPort): Promise<string> {
  // The question goes when the connection does.
  const asking = new AbortController();
  const offClose = connection.onClose(() => asking.abort());
  try {
    for (let attempt = 0; attempt < SUDO_TRIES; attempt++) {
      const message = attempt === 0 ? `[sudo] password for ${connection.where}:` : 'Sorry, try again. sudo password:';
      const password = await prompts.askSecret({ server: connection.name, purpose: 'sudo-password', message, echo: false }, asking.signal);
      if (connection.closedBecause !== null) throw new Error(`The connection to ${connection.name} went (${connection.closedBecause}), so perf was not started.`);
      if (password === null) throw new Error('The sudo password was not given, so perf was not started.');
      const verdict = await checkSudoPassword(connection, password);
      if (verdict === 'accepted') return password;
      if (verdict !== 'wrong') throw new Error(verdict);
    }
    throw new Error(`sudo on ${connection.name} did not accept the password ${SUDO_TRIES} times, so perf was not started.`);
  } finally {
    offClose();
  }
}
