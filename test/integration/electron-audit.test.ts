/**
 * A static audit of the Electron code by electronegativity (offline: its online look-ups fail and
 * it goes on): every finding must be in the reviewed allow-list beside this file, with why it is
 * fine, and every entry there must still be found, so the list stays what the code is.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
const TYPESCRIPT_HOOK = join(ROOT, 'test', 'support', 'electronegativity-typescript.cjs');
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron;

interface Finding {
  check: string;
  file: string;
}
interface Allowed extends Finding {
  why: string;
}
interface Sarif {
  runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[];
}

const work = mkdtempSync(join(tmpdir(), 'skbscope-audit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What electronegativity finds in the app's own code (not tests, tools or node_modules). */
function audit(): { findings: (Finding & { where: string; message: string })[]; status: number | null; stderr: string } {
  const input = join(work, 'app');
  for (const part of ['electron', 'renderer', 'shared', 'package.json']) cpSync(join(ROOT, part), join(input, part), { recursive: true });
  const output = join(work, 'findings.sarif');
  const run = spawnSync(process.execPath, ['--require', TYPESCRIPT_HOOK, CLI, '-i', input, '-r', '-e', ELECTRON_VERSION ?? '', '-v', 'false', '-o', output], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const sarif = JSON.parse(readFileSync(output, 'utf8')) as Sarif;
  const findings = (sarif.runs[0]?.results ?? []).map((r) => {
    const location = r.locations[0]?.physicalLocation;
    const file = location?.artifactLocation.uri ?? '';
    return { check: r.ruleId, file, where: `${file}:${location?.region?.startLine ?? 0}`, message: r.message.text };
  });
  return { findings, status: run.status, stderr: run.stderr };
}

describe('the Electron code, audited by electronegativity', () => {
  const allowed = JSON.parse(readFileSync(join(import.meta.dirname, 'electronegativity-allowed.json'), 'utf8')) as Allowed[];
  let result: ReturnType<typeof audit>;
  beforeAll(() => {
    result = audit();
  }, 150_000);
  const same = (a: Finding, b: Finding): boolean => a.check === b.check && a.file === b.file;

  it('ran over the app’s code', () => {
    expect(result.status, result.stderr).toBe(0);
  });

  it('finds nothing that is not in the reviewed allow-list', () => {
    const unexpected = result.findings.filter((f) => !allowed.some((a) => same(a, f)));
    expect(unexpected.map((f) => `${f.check} at ${f.where}: ${f.message}`)).toEqual([]);
  });

  it('still finds each allowed finding, each allowed for a reason', () => {
    for (const entry of allowed) expect(entry.why.length, `${entry.check} in ${entry.file} says why`).toBeGreaterThan(20);
    const stale = allowed.filter((a) => !result.findings.some((f) => same(a, f)));
    expect(stale.map((a) => `${a.check} in ${a.file}`)).toEqual([]);
  });
});
