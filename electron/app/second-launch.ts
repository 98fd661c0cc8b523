/**
 * A second `skbscope FILE` (or a double-click while Skbscope runs) hands its files to the running
 * app and quits. It sends them as the single-instance lock's additionalData, resolved against its
 * own folder: Electron warns that the argv the running app receives may be reordered and carry
 * switches Chromium added, so argv is read only when that data is missing or malformed.
 */
import { isAbsolute } from 'node:path';
import { filesFromArgv } from './launch-files';

export interface LaunchData {
  files: string[];
}

// Generous bounds on what another process hands us: a desktop passes a handful of paths.
const MAX_FILES = 1000;
const MAX_PATH_CHARS = 4096;

/** What the second launch sends: its files, already made absolute. */
export function launchData(files: readonly string[]): LaunchData {
  return { files: [...files] };
}

/** The files a second launch asks the running app to open. */
export function filesOfSecondLaunch(data: unknown, argv: readonly string[], launch: { defaultApp: boolean; workingDirectory: string }): string[] {
  const sent = sentFiles(data);
  return sent ?? filesFromArgv(argv, { defaultApp: launch.defaultApp, cwd: launch.workingDirectory });
}

function sentFiles(data: unknown): string[] | null {
  if (typeof data !== 'object' || data === null || !('files' in data)) return null;
  const { files } = data;
  if (!Array.isArray(files) || files.length > MAX_FILES) return null;
  const paths: string[] = [];
  for (const file of files) {
    if (typeof file !== 'string' || !isAbsolute(file) || file.length > MAX_PATH_CHARS || file.includes('\0')) return null;
    paths.push(file);
  }
  return paths;
}
