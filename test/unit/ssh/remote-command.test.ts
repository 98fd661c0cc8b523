/** The one line a server's shell gets: every word quoted, whatever it holds, the wrapper included. */
import { describe, expect, it } from 'vitest';
import { PERF_WRAPPER, WRAPPER_NAME } from '../../../electron/capture/perf-wrapper';
import { remoteCommand } from '../../../electron/ssh/remote/remote-host';
import { shellWords } from '../../support/shell-words';

describe('the remote command line', () => {
  it('comes back from a POSIX shell as exactly the words it was made of', () => {
    const hostile = ["it's", 'a;b', '$(id)', '`id`', 'two\nlines', '"', '\\', '*', '~', '$HOME', ' ', '', '-e', '#not a comment', '!', '{a,b}', '\t', 'é ü 漢'];
    const argv = ['sudo', '-n', '/bin/sh', '-c', PERF_WRAPPER, WRAPPER_NAME, '/usr/bin/perf', 'trace', '--', ...hostile];
    const line = remoteCommand(argv);
    expect(line.startsWith('exec ')).toBe(true);
    expect(line).not.toContain('\0');
    expect(shellWords(line)).toEqual(['exec', ...argv]);
  });
});
