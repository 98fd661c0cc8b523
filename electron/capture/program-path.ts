/**
 * Finds programs as a shell would, for an app that may have been started from a desktop menu: such
 * a launch often has a PATH without the sbin folders, where some systems keep perf and its helpers.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

const FALLBACK_PATH = ['/usr/local/bin', '/usr/bin', '/bin'];
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The folders to search, in order: PATH's own (absolute ones only), then the sbin folders it lacks. */
export function searchDirs(pathVariable: string | undefined): string[] {
  // A relative entry (`.`, empty) would make the program found depend on where the app was started.
  const own = (pathVariable ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  return [...new Set([...(own.length > 0 ? own : FALLBACK_PATH), ...SBIN])];
}

/** PATH for the programs the app starts, so perf finds the traced command where the app found it. */
export function pathVariable(dirs: readonly string[]): string {
  return dirs.join(delimiter);
}

/** The absolute path of a program, or null; a name holding a slash is taken as a path, as a shell does. */
export async function findProgram(name: string, dirs: readonly string[]): Promise<string | null> {
  if (name === '') return null;
  if (name.includes('/')) return (await isExecutableFile(name)) ? name : null;
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
