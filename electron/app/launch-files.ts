/**
 * The files named on Electron's command line: `skbscope trace.txt` (packaged) or
 * `electron . trace.txt` (from the repository). Chromium and Electron switches are not files.
 */
import { resolve } from 'node:path';

/** `defaultApp` is Electron's process.defaultApp: true when started as `electron <app path>`. */
export function filesFromArgv(argv: readonly string[], options: { defaultApp: boolean; cwd: string }): string[] {
  // argv[0] is the executable; `electron .` adds the app path after it.
  const args = argv.slice(options.defaultApp ? 2 : 1);
  const dashes = args.indexOf('--');
  const beforeDashes = dashes < 0 ? args : args.slice(0, dashes);
  const afterDashes = dashes < 0 ? [] : args.slice(dashes + 1);
  return [...beforeDashes.filter((arg) => !arg.startsWith('-')), ...afterDashes].map((file) => resolve(options.cwd, file));
}
