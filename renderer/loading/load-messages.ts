/** What the user reads when a file yields no events: what we expected, and how to get it. */
import type { ParseTotals } from './worker-protocol';

export const CAPTURE_HINT =
  "Skbscope reads the text perf prints for net: and skb: tracepoints, e.g. " +
  "sudo perf trace --no-syscalls -e 'net:*' -e skb:kfree_skb ping -c1 172.17.0.2 2> trace.txt " +
  '(or perf record -e "net:*" -a, then perf script > trace.txt).';

export function notATraceMessage(title: string, bytesRead: number, totals: ParseTotals | null): string {
  if (bytesRead === 0 || !totals || totals.lines === 0) return `${title} is empty. ${CAPTURE_HINT}`;
  return `${title} is not a perf trace: none of its ${totals.lines} lines is a tracepoint event. ${CAPTURE_HINT}`;
}
