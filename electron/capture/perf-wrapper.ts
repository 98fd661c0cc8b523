/**
 * The small shell script perf runs under, locally, through pkexec and (later) over SSH. It exists
 * because the app cannot always signal perf itself (under pkexec perf runs as root), and because
 * perf must end when the app goes away, however it goes:
 *
 * - one line on its standard input (or that input closing, when the app dies) stops perf as Ctrl+C
 *   would: SIGINT to perf alone (not its group, which made perf hang), after which perf writes
 *   out every event it has and exits 0;
 * - SIGINT to perf leaves its traced command running, so once perf is gone everything left in
 *   perf's process group is ended too;
 * - perf that does not end within 5 s of being asked is killed with its group.
 *
 * The script is a constant: what the user chose only ever reaches it as positional arguments
 * (`$@` = perf's absolute path and its arguments), never as shell text.
 */

export const WRAPPER_NAME = 'skbscope-perf';

export const PERF_WRAPPER = `
# Keep the app's pipe as fd 3: background jobs get /dev/null as standard input.
exec 3<&0
# perf in a session (and process group) of its own, led by perf itself, so the group can be ended
# as one; the traced command inherits it. Neither perf nor the command gets the app's pipe.
setsid "$@" </dev/null 3<&- &
perf=$!
# The watcher: a line or end of file from the app asks perf to stop. Its output goes nowhere, or it
# would hold the app's pipes open after perf has gone.
(
  read -r _ <&3 || :
  # SIGINT every 0.1 s until perf has gone: a background job starts with SIGINT ignored, so one
  # sent before perf has set up its handler is lost. Up to 5 s for perf to write out what it has,
  # in short sleeps so none outlives this watcher.
  n=0
  while [ "$n" -lt 50 ] && kill -INT "$perf" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
  kill -KILL -"$perf" 2>/dev/null
) >/dev/null 2>&1 &
watcher=$!
exec 3<&-
# perf's exit status is the wrapper's; 128+N when signal N ended it.
wait "$perf"
status=$?
# Whatever perf leaves behind in its group (the traced command after a stop) ends with it.
kill -TERM -"$perf" 2>/dev/null
kill "$watcher" 2>/dev/null
exit "$status"
`;

export interface SpawnPlan {
  file: string;
  args: string[];
}

/**
 * How to start perf under the wrapper: `/bin/sh -c WRAPPER skbscope-perf /usr/bin/perf trace …`,
 * or the same after pkexec, which runs it as root once polkit has asked for the password. pkexec
 * clears the environment, so perf must be named by its absolute path.
 */
export function wrapperCommand(perfPath: string, perfArgs: readonly string[], pkexecPath: string | null): SpawnPlan {
  const shell = ['/bin/sh', '-c', PERF_WRAPPER, WRAPPER_NAME, perfPath, ...perfArgs];
  if (pkexecPath !== null) return { file: pkexecPath, args: shell };
  return { file: '/bin/sh', args: shell.slice(1) };
}
