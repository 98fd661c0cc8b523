/**
 * The `#` header a capture starts with, in `perf script --header`'s `# key : value` style: written
 * first to the capture's file and sent first to the renderer, so both read the same bytes.
 */
import { DROP_REASONS_KEY, type DropReasons, reasonsToHeader } from '../../shared/journeys/drop-reasons';

export interface HeaderFields {
  capturedOn: Date;
  hostname: string;
  osRelease: string;
  perfVersion: string | null;
  cmdline: string;
  skbscopeVersion: string;
  /** The target kernel's skb_drop_reason names (their numbers change between kernels); no line when empty. */
  dropReasons: DropReasons;
}

const RULE = '# ========';

export function captureHeader(f: HeaderFields): string {
  const lines = [
    ['captured on', f.capturedOn.toISOString()],
    ['hostname', f.hostname],
    ['os release', f.osRelease],
    ['perf version', f.perfVersion ?? 'unknown'],
    ['cmdline', f.cmdline],
    ['skbscope version', f.skbscopeVersion],
    ...(f.dropReasons.size > 0 ? [[DROP_REASONS_KEY, reasonsToHeader(f.dropReasons)]] : []),
  ].map(([key, value]) => `# ${key} : ${oneLine(value ?? '')}`);
  return `${[RULE, ...lines, RULE].join('\n')}\n`;
}

/** A value must not end its line early: a command with a newline in an argument stays one line. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}
