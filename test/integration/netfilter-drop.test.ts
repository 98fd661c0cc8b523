/**
 * A drop the user caused on purpose: an nftables rule in the container-like namespace drops UDP to
 * one port. A real capture through the CLI's capture code (which keeps the kernel's drop reason
 * table in the file's header) must show that packet dropped with NETFILTER_DROP on the namespace's
 * eth0, and the same file read by `skbscope info` must count it so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DROP_REASONS_KEY, reasonsFromHeader } from '../../shared/journeys/drop-reasons';
import { buildJourneys } from '../../shared/journeys/journeys';
import { traceFromText } from '../../shared/trace/trace-builder';
import { missingForCaptures, missingNft } from '../support/capture-requirements';
import { buildTopology, removeLeftoverTopologies, type Topology } from '../support/netns';
import { expectNoneLeft, markedEnv } from '../support/processes';
import { requireOrSkip } from '../support/requirements';

const CLI = fileURLToPath(new URL('../../dist/cli/skbscope.cjs', import.meta.url));
const canRun = requireOrSkip(missingForCaptures() ?? missingNft() ?? (existsSync(CLI) ? null : 'dist/cli/skbscope.cjs is missing: run `npm run build` first'));
const PORT = 9999;

describe.runIf(canRun)('a packet dropped by a netfilter rule', () => {
  let topology: Topology;
  let dir: string;
  beforeAll(() => {
    removeLeftoverTopologies();
    topology = buildTopology();
    dir = mkdtempSync(join(tmpdir(), 'skbscope-nft-it-'));
    // The rule lives in the namespace, and goes with it.
    const rules = `table inet skbscope_test {\n  chain input {\n    type filter hook input priority 0; policy accept;\n    udp dport ${PORT} drop\n  }\n}\n`;
    execFileSync('ip', ['netns', 'exec', topology.namespace, 'nft', '-f', '-'], { input: rules });
  });
  afterAll(() => {
    topology?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is shown dropped with NETFILTER_DROP on the namespace’s eth0', async () => {
    const { mark, env } = markedEnv();
    const out = join(dir, 'nft-drop.txt');
    // Sent from the host into the namespace; the kernel hands it across the veth in the sender's own context.
    const send = `echo hi > /dev/udp/${topology.namespaceAddress}/${PORT}; sleep 0.2`;
    const r = spawnSync(process.execPath, [CLI, 'capture', '-e', 'net:*', '-e', 'skb:kfree_skb', '-o', out, '--', 'bash', '-c', send], {
      env: { ...env, TMPDIR: dir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    await expectNoneLeft(mark);
    const text = readFileSync(out, 'utf8');
    const { table, metadata } = traceFromText(text);
    const reasons = reasonsFromHeader(metadata[DROP_REASONS_KEY]);
    expect([...reasons.values()]).toContain('NETFILTER_DROP');
    const dropped = buildJourneys(table, reasons).journeys.filter((j) => j.drop?.reason === 'NETFILTER_DROP');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.path).toEqual([topology.bridge, topology.veth, 'eth0']);
    expect(dropped[0]?.drop?.device).toBe('eth0');
    expect(dropped[0]?.fate).toBe('dropped');

    const info = spawnSync(process.execPath, [CLI, 'info', out], { encoding: 'utf8' });
    expect(JSON.parse(info.stdout)).toMatchObject({ drops: { NETFILTER_DROP: 1 } });
  });
});
