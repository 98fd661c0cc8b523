import { describe, expect, it } from 'vitest';
import { filesFromArgv } from '../../../electron/app/launch-files';

describe('files named on the Electron command line', () => {
  it('takes them after the executable of a packaged app (skbscope trace.txt)', () => {
    expect(filesFromArgv(['/opt/Skbscope/skbscope', 'trace.txt', '/abs/b.txt'], { defaultApp: false, cwd: '/home/me' })).toEqual([
      '/home/me/trace.txt',
      '/abs/b.txt',
    ]);
  });

  it('skips the app path of `electron . trace.txt`', () => {
    expect(filesFromArgv(['/x/electron', '.', 'trace.txt'], { defaultApp: true, cwd: '/repo' })).toEqual(['/repo/trace.txt']);
  });

  it('leaves Chromium and Electron switches out, but not names after --', () => {
    expect(
      filesFromArgv(['skbscope', '--no-sandbox', '--enable-logging=stderr', 'a.txt', '--', '--odd-name.txt'], { defaultApp: false, cwd: '/d' }),
    ).toEqual(['/d/a.txt', '/d/--odd-name.txt']);
  });

  it('finds nothing when nothing was named', () => {
    expect(filesFromArgv(['/x/electron', '.'], { defaultApp: true, cwd: '/' })).toEqual([]);
  });
});

describe('file URIs from a desktop (%U)', () => {
  it('reads a local file:// URI as its path, percent-escapes decoded', () => {
    expect(filesFromArgv(['skbscope', 'file:///home/me/my%20trace.perftrace'], { defaultApp: false, cwd: '/' })).toEqual(['/home/me/my trace.perftrace']);
  });

  it('leaves out URIs that are not files on this machine', () => {
    expect(filesFromArgv(['skbscope', 'https://example.org/t.txt', 'file://elsewhere/t.txt', 'b.txt'], { defaultApp: false, cwd: '/d' })).toEqual(['/d/b.txt']);
  });
});
