/**
 * `skbscope capture [--ssh [USER@]HOST[:PORT] [--accept-new-host-key]] [-e EVENT]... [--filter EXPR]
 * [--duration S] [--max-events N] -o FILE [-- COMMAND...]` read into the same CaptureSettings the
 * app's dialog makes, and where to run it.
 */
import { resolve } from 'node:path';
import { type CaptureSettings, DEFAULT_MAX_EVENTS, DEFAULT_SETTINGS, MAX_CAPTURE_SECONDS, MAX_EVENTS_LIMIT, settingsProblems } from '../../shared/capture/capture-settings';

export interface RemoteArgs {
  /** `[user@]host[:port]` or a Host alias of ~/.ssh/config, as ssh takes it. */
  target: string;
  acceptNewHostKey: boolean;
}

export type CaptureArgs =
  | { kind: 'run'; settings: CaptureSettings; output: string; ssh: RemoteArgs | null }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export const CAPTURE_USAGE = `Usage: skbscope capture [--ssh [USER@]HOST[:PORT] [--accept-new-host-key]]
                        [-e EVENT]... [--filter EXPR] [--duration S] [--max-events N] -o FILE [-- COMMAND...]

Runs perf trace on this machine, or on a server over SSH, and writes what it prints to FILE, after
a # header (host, kernel, perf version, command line, start time). Open FILE in Skbscope to see
the packets' journeys.

  -e, --event EVENT    a tracepoint or glob, e.g. net:netif_rx or 'net:*'; repeat for more
                       (default: ${DEFAULT_SETTINGS.events.join(' ')})
  --filter EXPR        a kernel filter for the -e just before it, as perf takes it: 'len > 100'
  --duration S         system-wide: capture for S seconds (default: until Ctrl+C)
  --max-events N       the cap: stop perf as Ctrl+C would once it has printed N events, keeping
                       them all (default: ${DEFAULT_MAX_EVENTS}); raise it for longer captures
  -o, --output FILE    where to write the capture (replaced whole, only once it is complete)
  -- COMMAND...        run COMMAND and trace while it runs; without it, capture system-wide
  --ssh TARGET         capture on that server instead: [USER@]HOST[:PORT] or a Host alias of
                       ~/.ssh/config, resolved as ssh resolves it (User, Port, IdentityFile,
                       ProxyJump …); COMMAND then runs there
  --accept-new-host-key
                       with --ssh: trust a server whose host key is in no known_hosts file yet,
                       and add it to ~/.ssh/known_hosts (otherwise an unknown key is refused,
                       with its fingerprint, as ssh's StrictHostKeyChecking=yes would)

Ctrl+C stops perf and still writes FILE. Capturing needs root, or perf allowed to trace
(kernel.perf_event_paranoid=-1 or CAP_PERFMON, and /sys/kernel/tracing readable).

Over SSH, host keys are checked against known_hosts as ssh checks them: a changed or revoked key
is always refused. Logging in tries ssh-agent, then your keys, then a password, as ssh does;
passphrases and passwords are asked on the terminal (never stored). Not root on the server, perf
runs through sudo: sudo -n where it needs no password, otherwise its password is asked here and
given to sudo on its standard input.

Examples:
  sudo skbscope capture -o ping.txt -- ping -c1 172.17.0.2
  sudo skbscope capture -e 'net:*' --duration 5 -o five-seconds.txt
  sudo skbscope capture -e net:netif_receive_skb --filter 'len > 1000' -o big.txt
  skbscope capture --ssh root@10.0.0.5 -e 'net:*' --duration 5 -o server.txt
`;

export function parseCaptureArgs(argv: readonly string[], cwd: string): CaptureArgs {
  const events: string[] = [];
  const filters: Record<string, string> = {};
  let duration: number | null = null;
  let maxEvents = DEFAULT_MAX_EVENTS;
  let output: string | null = null;
  let command: string[] | null = null;
  let ssh: string | null = null;
  let acceptNewHostKey = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      command = argv.slice(i + 1);
      break;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--accept-new-host-key') {
      acceptNewHostKey = true;
      continue;
    }
    const option = /^(-e|--event|--filter|--duration|--max-events|-o|--output|--ssh)(?:=(.*))?$/s.exec(arg);
    if (!option) {
      if (arg.startsWith('-')) return error(`unknown option ${arg}.`);
      return error(`put the command to trace after --: skbscope capture -o FILE -- ${arg} …`);
    }
    const name = option[1] as string;
    const value = option[2] ?? argv[++i];
    if (value === undefined) return error(`${name} needs a value.`);
    switch (name) {
      case '-e':
      case '--event':
        if (events.includes(value)) return error(`${value} is given twice.`);
        events.push(value);
        break;
      case '--filter': {
        const event = events[events.length - 1];
        if (event === undefined) return error('--filter applies to the -e just before it: give an -e first.');
        if (filters[event] !== undefined) return error(`${event} has two filters: join them with && into one.`);
        filters[event] = value;
        break;
      }
      case '--duration':
        duration = wholeNumber(value, 1, MAX_CAPTURE_SECONDS);
        if (duration === null) return error(`--duration takes whole seconds from 1 to ${MAX_CAPTURE_SECONDS}, not ${JSON.stringify(value)}.`);
        break;
      case '--max-events': {
        const max = wholeNumber(value, 1, MAX_EVENTS_LIMIT);
        if (max === null) return error(`--max-events takes a whole number from 1 to ${MAX_EVENTS_LIMIT}, not ${JSON.stringify(value)}.`);
        maxEvents = max;
        break;
      }
      case '--ssh':
        if (ssh !== null) return error('--ssh is given twice: one capture runs on one server.');
        // ssh refuses a host starting with - too: it would read as an option.
        if (value === '' || value.startsWith('-')) return error(`--ssh takes a server, [USER@]HOST[:PORT] or a Host alias, not ${JSON.stringify(value)}.`);
        ssh = value;
        break;
      default:
        output = value;
    }
  }

  if (output === null || output === '') return error('say where to write the capture with -o FILE.');
  if (command !== null && command.length === 0) return error('nothing follows --: give the command to trace, or leave -- out to capture system-wide.');
  if (command !== null && duration !== null) return error('--duration is for system-wide captures; a command capture ends when the command does.');
  if (acceptNewHostKey && ssh === null) return error('--accept-new-host-key goes with --ssh: it is about a server\'s host key.');
  const settings: CaptureSettings = {
    events: events.length > 0 ? events : [...DEFAULT_SETTINGS.events],
    filters,
    mode: command !== null ? { kind: 'command', argv: command } : { kind: 'system', seconds: duration },
    maxEvents,
  };
  const problems = settingsProblems(settings);
  if (problems.length > 0) return error(problems.join(' '));
  return { kind: 'run', settings, output: resolve(cwd, output), ssh: ssh === null ? null : { target: ssh, acceptNewHostKey } };
}

function error(message: string): CaptureArgs {
  return { kind: 'error', message };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}
