/**
 * The perf command line for a capture, as an argument array (never a shell string): the backend
 * runs exactly this, and the dialog shows exactly this, quoted, for the user to copy. The event cap
 * is not perf's --max-events (perf before 4.20 refuses it, and a perf that ends at it by itself
 * cannot be told from one whose command ended): the backend counts and stops perf itself.
 */
import type { CaptureSettings } from './capture-settings';
import { shellQuote } from './shell-quote';

export function perfTraceArgs(s: CaptureSettings): string[] {
  const args = ['trace', '--no-syscalls'];
  if (s.mode.kind === 'system') args.push('-a');
  for (const event of s.events) {
    args.push('-e', event);
    // perf applies --filter to the -e just before it.
    const filter = s.filters[event];
    if (filter) args.push('--filter', filter);
  }
  if (s.mode.kind === 'command') args.push('--', ...s.mode.argv);
  // System-wide for a while: perf traces everything until its workload, a sleep, ends.
  else if (s.mode.seconds !== null) args.push('--', 'sleep', String(s.mode.seconds));
  return args;
}

/** `perf trace --no-syscalls -e 'net:*' -- ping -c1 172.17.0.2`, for people to read and paste. */
export function perfCommandLine(s: CaptureSettings, perf = 'perf'): string {
  return [perf, ...perfTraceArgs(s)].map(shellQuote).join(' ');
}
