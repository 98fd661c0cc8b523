/**
 * The small shell script perf runs under, locally, through pkexec, and over SSH (through sudo when
 * needed). It exists because the app cannot always signal perf itself (under pkexec or sudo perf
 * runs as root, and over SSH it runs elsewhere), and because perf must end when the app goes away,
 * however it goes:
 *
 * - one line on its standard input (or that input closing, when the app dies or an SSH connection
 *   drops) stops perf as Ctrl+C would: SIGINT to perf alone (not its group, which made perf hang),
 *   after which perf writes out every event it has and exits 0;
 * - SIGINT to the wrapper itself (what sshd delivers for an SSH "signal" request, to the session's
 *   process group, which perf has left) is passed on to perf the same way;
 * - SIGINT to perf leaves its traced command running, so once perf is gone everything left in
 *   perf's process group is ended too;
 * - perf that does not end within 5 s of being asked is killed with its group.
 *
 * It runs under any POSIX sh (dash, bash, busybox ash). Where setsid(1) is missing (a minimal
 * server) perf stays in the wrapper's group: stopping and killing perf still work, but a traced
 * command that outlives perf is not ended with it.
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
if command -v setsid >/dev/null 2>&1; then
  setsid "$@" </dev/null 3<&- &
else
  "$@" </dev/null 3<&- &
fi
perf=$!
# SIGINT to the wrapper stops perf too. (Background jobs, the watcher below included, ignore it.)
trap 'kill -INT "$perf" 2>/dev/null' INT
# The watcher: a line or end of file from the app asks perf to stop. Its output goes nowhere, or it
# would hold the app's pipes open after perf has gone.
(
  read -r _ <&3 || :
  # SIGINT every 0.1 s until perf has gone: a background job starts with SIGINT ignored, so one
  # sent before perf has set up its handler is lost. Up to 5 s for perf to write out what it has,
  # in short sleeps so none outlives this watcher.
  n=0
  while [ "$n" -lt 50 ] && kill -INT "$perf" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
  kill -KILL -"$perf" 2>/dev/null || kill -KILL "$perf" 2>/dev/null
) >/dev/null 2>&1 &
watcher=$!
exec 3<&-
# perf's exit status is the wrapper's; 128+N when signal N ended it. A signal the trap caught
# ends wait early (above 128 too) while perf still runs: then wait again until it has gone.
while :; do
  wait "$perf"
  status=$?
  [ "$status" -gt 128 ] && kill -0 "$perf" 2>/dev/null || break
done
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
