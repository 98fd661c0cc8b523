/** Says in plain words why a file could not be read, and what the user can do about it. */

export function describeReadError(err: unknown, path: string): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
      return `${path} does not exist. It may have been moved, renamed or deleted: check the name and open it again.`;
    case 'ENOTDIR':
      return `${path} does not exist: part of that path is a file, not a folder. Check the path and open it again.`;
    case 'EACCES':
    case 'EPERM':
      return `Permission denied reading ${path}. Make it readable for your user (for example \`sudo chmod a+r\` on it, or copy it somewhere you own) and open it again.`;
    case 'EISDIR':
      return `${path} is a folder, not a trace file. Open one of the trace files inside it instead.`;
    case 'ELOOP':
      return `${path} could not be opened: it is a symbolic link that leads in a circle. Open the file it should point to instead.`;
    case 'EMFILE':
    case 'ENFILE':
      return `Too many files are open right now to read ${path}. Close some programs or windows and try again.`;
    case 'EIO':
      return `The disk reported an input/output error while reading ${path}. The file or the disk may be damaged; try a copy of the file.`;
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      return `Could not read ${path}: ${detail}`;
    }
  }
}

/** For things that open but are not files to read from start to end (devices, sockets). */
export function notAFileMessage(path: string): string {
  return `${path} is not a regular file (it is a device or a socket). Open a trace file saved from perf trace instead.`;
}
