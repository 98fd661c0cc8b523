import { execFileSync } from 'node:child_process';

/** The words a POSIX shell makes of a command line, as a server's shell would. */
export function shellWords(command: string): string[] {
  return execFileSync('/bin/sh', ['-c', 'eval "set -- $1"; printf "%s\\0" "$@"', 'sh', command], { encoding: 'utf8' }).split('\0').slice(0, -1);
}
