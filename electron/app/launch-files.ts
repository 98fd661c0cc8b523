/**
 * The files named on Electron's command line: `skbscope trace.txt` (packaged) or
 * `electron . trace.txt` (from the repository). Chromium and Electron switches are not files.
 * A desktop may hand over file:// URIs instead of paths (the AppImage's entry says %U).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `defaultApp` is Electron's process.defaultApp: true when started as `electron <app path>`. */
export function filesFromArgv(argv: readonly string[], options: { defaultApp: boolean; cwd: string }): string[] {
  // argv[0] is the executable; `electron .` adds the app path after it.
  const args = argv.slice(options.defaultApp ? 2 : 1);
  const dashes = args.indexOf('--');
  const beforeDashes = dashes < 0 ? args : args.slice(0, dashes);
  const afterDashes = dashes < 0 ? [] : args.slice(dashes + 1);
  return [...beforeDashes.filter((arg) => !arg.startsWith('-')), ...afterDashes].flatMap((arg) => pathOf(arg, options.cwd));
}

/** A path resolved against the launch's folder, a local file:// URI's path, or nothing for another URI. */
function pathOf(arg: string, cwd: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return [resolve(cwd, arg)];
  try {
    return [fileURLToPath(arg)];
  } catch {
    // http://…, or file://otherhost/…: not a file on this machine.
    return [];
  }
}
