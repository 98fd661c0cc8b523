/**
 * The kernel's drop reason table as a capture's header keeps it: read from the first tracefs that
 * has kfree_skb's format, nothing when none can be read, and only sane entries from any text.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reasonsFromFormat } from '../../../shared/journeys/drop-reasons';
import { dropReasonsFromFormat, KFREE_SKB_FORMAT, readDropReasons } from '../../../electron/capture/drop-reasons-format';
import { fixturePath } from '../../support/fixtures';
import { tracefsLike } from '../../support/tracefs-like';

const FORMAT = readFileSync(fixturePath('kfree_skb-format-linux-6.18.txt'), 'utf8');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-drop-reasons-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readDropReasons', () => {
  it('reads the table from the first events folder that has the format, the way tracefs lays it out', async () => {
    const without = await tracefsLike(join(dir, 'a'));
    const withFormat = await tracefsLike(join(dir, 'b'));
    await writeFile(join(withFormat, KFREE_SKB_FORMAT), FORMAT);
    const table = await readDropReasons([join(dir, 'nowhere'), without, withFormat]);
    expect(table).toEqual(reasonsFromFormat(FORMAT));
    expect(table.get(3)).toBe('NO_SOCKET');
  });

  it('is empty when no format can be read', async () => {
    expect((await readDropReasons([join(dir, 'nowhere'), await tracefsLike(dir)])).size).toBe(0);
    await mkdir(join(dir, 'folder', KFREE_SKB_FORMAT), { recursive: true });
    expect((await readDropReasons([join(dir, 'folder')])).size).toBe(0);
  });
});

describe('dropReasonsFromFormat', () => {
  it('keeps only numbers and names a header line can carry', () => {
    const hostile = '__print_symbolic(REC->reason, { 2, "NOT_SPECIFIED" }, { 123456789, "HUGE" }, { 4, "' + 'X'.repeat(65) + '" })';
    expect(dropReasonsFromFormat(hostile)).toEqual(new Map([[2, 'NOT_SPECIFIED']]));
  });

  it('reads no further than a format file can be long', () => {
    const far = `${' '.repeat(300 * 1024)}${FORMAT}`;
    expect(dropReasonsFromFormat(far).size).toBe(0);
    expect(dropReasonsFromFormat(FORMAT).size).toBe(127);
  });
});
