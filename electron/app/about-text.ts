/**
 * What Help › About says: the versions a bug report needs, perf's among them since what perf prints
 * differs between its versions, and where the log is.
 */
import { execFile } from 'node:child_process';
import { findProgram, searchDirs } from '../capture/program-path';

export interface AboutFacts {
  skbscope: string;
  electron: string;
  chromium: string;
  node: string;
  /** The perf captures would run, and its `perf --version` line (null when that fails); null when there is none. */
  perf: { path: string; version: string | null } | null;
  logPath: string;
}

const PERF_TIMEOUT_MS = 5000;

export function aboutText(facts: AboutFacts): { message: string; detail: string } {
  return {
    message: `Skbscope ${facts.skbscope}`,
    detail: [
      `Electron ${facts.electron}`,
      `Chromium ${facts.chromium}`,
      `Node.js ${facts.node}`,
      `perf: ${perfLine(facts.perf)}`,
      '',
      `Log: ${facts.logPath}`,
    ].join('\n'),
  };
}

function perfLine(perf: AboutFacts['perf']): string {
  if (perf === null) return 'not found on this machine (install linux-perf, or linux-tools for your kernel)';
  if (perf.version === null) return `${perf.path} does not run (perf --version failed)`;
  return `${perf.version} (${perf.path})`;
}

/** perf as captures would find it, with what its --version says. */
export async function localPerf(env: NodeJS.ProcessEnv): Promise<AboutFacts['perf']> {
  const path = await findProgram('perf', searchDirs(env.PATH));
  if (path === null) return null;
  const version = await new Promise<string | null>((resolve) => {
    execFile(path, ['--version'], { env, timeout: PERF_TIMEOUT_MS }, (err, stdout) => {
      const line = stdout.trim().split('\n')[0] ?? '';
      resolve(err || line === '' ? null : line);
    });
  });
  return { path, version };
}
