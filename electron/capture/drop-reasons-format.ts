/**
 * The target's own table of `skb_drop_reason` names, which a capture's header keeps (the numbers
 * change between kernels): read from `skb/kfree_skb/format` under tracefs, here or (through the
 * server probe) on a server. Either way the text is bounded and the table checked, as a broken
 * or hostile server could send anything.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { type DropReasons, reasonsFromFormat } from '../../shared/journeys/drop-reasons';

/** The kfree_skb format file under a tracefs events folder. */
export const KFREE_SKB_FORMAT = 'skb/kfree_skb/format';

/** Linux 6.18's format is 6 KB; a hundred times that is not a format file. */
export const MAX_FORMAT_BYTES = 256 * 1024;

const MAX_REASONS = 4096;
const MAX_REASON_NUMBER = 65_535;
const MAX_NAME_CHARS = 64;

/** The table in a format file's text; empty when it holds none (an older kernel, or not that file). */
export function dropReasonsFromFormat(format: string): DropReasons {
  const table = new Map<number, string>();
  for (const [n, name] of reasonsFromFormat(format.slice(0, MAX_FORMAT_BYTES))) {
    if (table.size >= MAX_REASONS) break;
    if (n <= MAX_REASON_NUMBER && name.length <= MAX_NAME_CHARS) table.set(n, name);
  }
  return table;
}

/**
 * The table of this machine's kernel, from the first events folder whose format file can be read;
 * empty when none can (tracefs not mounted, or not readable by this user).
 */
export async function readDropReasons(eventDirs: readonly string[]): Promise<DropReasons> {
  for (const dir of eventDirs) {
    const text = await readBounded(join(dir, KFREE_SKB_FORMAT));
    if (text !== null) return dropReasonsFromFormat(text);
  }
  return new Map();
}

/** Up to MAX_FORMAT_BYTES of a file, or null when it cannot be read. tracefs files say their size is 0, so read to the end. */
async function readBounded(path: string): Promise<string | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_FORMAT_BYTES);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return buffer.subarray(0, length).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}
