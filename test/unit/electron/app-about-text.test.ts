import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aboutText, localPerf } from '../../../electron/app/about-text';
import { findProgram, searchDirs } from '../../../electron/capture/program-path';

const facts = {
  skbscope: '0.1.0',
  electron: '45.4.1',
  chromium: '142.0.7444.59',
  node: '22.20.0',
  perf: { path: '/usr/bin/perf', version: 'perf version 6.12.57' },
  logPath: '/home/me/.config/Skbscope/logs/skbscope.log',
};

function fakePerf(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'skbscope-perf-'));
  writeFileSync(join(dir, 'perf'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'perf'), 0o755);
  return dir;
}

describe('Help › About', () => {
  it('names every version a bug report needs, and the log', () => {
    expect(aboutText(facts)).toEqual({
      message: 'Skbscope 0.1.0',
      detail: [
        'Electron 45.4.1',
        'Chromium 142.0.7444.59',
        'Node.js 22.20.0',
        'perf: perf version 6.12.57 (/usr/bin/perf)',
        '',
        'Log: /home/me/.config/Skbscope/logs/skbscope.log',
      ].join('\n'),
    });
  });

  it('says when perf is missing or does not run', () => {
    expect(aboutText({ ...facts, perf: null }).detail).toContain('perf: not found on this machine (install linux-perf, or linux-tools for your kernel)');
    expect(aboutText({ ...facts, perf: { path: '/usr/bin/perf', version: null } }).detail).toContain('perf: /usr/bin/perf does not run (perf --version failed)');
  });

  it('asks the perf that captures would run, where captures look for it', async () => {
    const dir = fakePerf('echo "perf version 9.9.9"');
    expect(await localPerf({ PATH: `${dir}:/usr/bin` })).toEqual({ path: join(dir, 'perf'), version: 'perf version 9.9.9' });
  });

  it('reports a perf that fails, as Ubuntu’s wrapper does for a kernel without its tools', async () => {
    const dir = fakePerf('echo "WARNING: perf not found for kernel 6.8.0-99" >&2; exit 2');
    expect(await localPerf({ PATH: dir })).toEqual({ path: join(dir, 'perf'), version: null });
  });

  it('matches this machine’s own perf --version', async () => {
    const path = await findProgram('perf', searchDirs(process.env.PATH));
    if (path === null) {
      expect(await localPerf({ PATH: '/nonexistent' })).toBeNull();
      return;
    }
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
    expect(await localPerf(process.env)).toEqual({ path, version });
  });
});
