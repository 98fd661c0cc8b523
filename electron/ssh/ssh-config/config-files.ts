/**
 * Reading config files as ssh does: a missing file is empty, a user's config (and anything
 * Included) must not be writable by others, and Include arguments are globbed relative to
 * ~/.ssh for the user's config and to the system config's folder for the system one.
 */
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { SshConfigError } from './config-error';
import { expandGlob } from './include-glob';
import { trustedOwnership } from './file-ownership';

export type ConfigText = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'unreadable'; reason: string };

/** The file's text; with `checkPermissions`, refuses a file others may write, as ssh does. */
export async function readConfigText(file: string, checkPermissions: boolean, uid: number): Promise<ConfigText> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (err) {
    return errorCode(err) === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', reason: describe(err) };
  }
  // ssh reads a folder as an empty file.
  if (info.isDirectory()) return { kind: 'text', text: '' };
  if (checkPermissions && !(await trustedOwnership(info, uid))) {
    throw new SshConfigError(file, null, 'Bad owner or permissions (ssh refuses a config that others can write)');
  }
  try {
    return { kind: 'text', text: await readFile(file, 'utf8') };
  } catch (err) {
    return { kind: 'unreadable', reason: describe(err) };
  }
}

export interface IncludeScope {
  /** Whether the Include is in the user's config (or a file it includes), where `~` is allowed. */
  userConfig: boolean;
  home: string;
  /** Where relative Includes of the system config live (/etc/ssh). */
  systemDir: string;
}

/** The files one Include argument names, in glob order; none when nothing matches. */
export async function includedFiles(arg: string, scope: IncludeScope, file: string, line: number): Promise<string[]> {
  if (arg.startsWith('~') && !scope.userConfig) throw new SshConfigError(file, line, `bad include path ${arg}.`);
  const path = isAbsolute(arg) || arg.startsWith('~') ? arg : join(scope.userConfig ? join(scope.home, '.ssh') : scope.systemDir, arg);
  return expandGlob(path, scope.home);
}

function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
