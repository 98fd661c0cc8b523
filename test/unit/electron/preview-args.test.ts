import { describe, expect, it } from 'vitest';
import { invocationDir, parsePreviewArgs } from '../../../electron/preview/preview-args';

describe('npm run web -- [--port N] [files]', () => {
  it('picks a free port and opens nothing by default', () => {
    expect(parsePreviewArgs([], '/home/me')).toEqual({ kind: 'run', port: 0, files: [] });
  });

  it('takes a port and files, resolving files where the user typed them', () => {
    expect(parsePreviewArgs(['--port', '8080', 'a.txt', '/abs/b.txt'], '/home/me')).toEqual({
      kind: 'run',
      port: 8080,
      files: ['/home/me/a.txt', '/abs/b.txt'],
    });
    expect(parsePreviewArgs(['x.txt', '--port=0'], '/w')).toEqual({ kind: 'run', port: 0, files: ['/w/x.txt'] });
  });

  it('refuses a port that is not one, saying what it needs', () => {
    for (const bad of [['--port'], ['--port', 'http'], ['--port', '70000'], ['--port=-1'], ['--port', '1e3']]) {
      const parsed = parsePreviewArgs(bad, '/');
      expect(parsed.kind, bad.join(' ')).toBe('error');
      expect(parsed.kind === 'error' ? parsed.message : '').toMatch(/^--port needs a whole number from 0 to 65535/);
    }
  });

  it('refuses unknown options rather than treating them as files', () => {
    expect(parsePreviewArgs(['--prot', '80'], '/')).toEqual({ kind: 'error', message: 'Unknown option --prot.' });
  });

  it('treats everything after -- as a file', () => {
    expect(parsePreviewArgs(['--', '--port', '-x.txt'], '/d')).toEqual({ kind: 'run', port: 0, files: ['/d/--port', '/d/-x.txt'] });
  });

  it('answers --help', () => {
    expect(parsePreviewArgs(['a.txt', '--help'], '/')).toEqual({ kind: 'help' });
  });

  it('resolves names from where `npm run web` was typed, not the package root npm runs in', () => {
    expect(invocationDir({ npm_lifecycle_event: 'web', INIT_CWD: '/home/me/traces' }, '/repo')).toBe('/home/me/traces');
    expect(invocationDir({ npm_lifecycle_event: 'test', INIT_CWD: '/elsewhere' }, '/repo')).toBe('/repo');
    expect(invocationDir({}, '/repo')).toBe('/repo');
  });
});
