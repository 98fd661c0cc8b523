/** This kernel's drop reason table, read here independently of the app, as a capture header writes it. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reasonsFromFormat, reasonsToHeader } from '../../shared/journeys/drop-reasons';

const EVENT_DIRS = ['/sys/kernel/tracing/events', '/sys/kernel/debug/tracing/events'];

/** The `# skb drop reasons :` line's value; throws where tracefs has no kfree_skb format (or not for this user). */
export function kernelDropReasons(): string {
  const format = EVENT_DIRS.map((d) => join(d, 'skb/kfree_skb/format')).find((f) => existsSync(f));
  if (format === undefined) throw new Error('this kernel has no skb:kfree_skb format in tracefs');
  const table = reasonsToHeader(reasonsFromFormat(readFileSync(format, 'utf8')));
  // Every kernel with reasons starts its table so; anything else means the format was not read right.
  if (!table.startsWith('2=NOT_SPECIFIED,3=NO_SOCKET,')) throw new Error(`unexpected drop reasons in ${format}: ${table.slice(0, 80)}`);
  return table;
}
