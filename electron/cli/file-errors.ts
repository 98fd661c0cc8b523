/** File-system errors in plain words, with what to do about them. */

export function describeFileError(path: string, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file. Check the path and try again.`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied. Make the file readable for your user (for a trace written by sudo perf, sudo chown $USER ${path}).`;
    case 'EISDIR':
      return `${path} is a folder, not a trace file. Name the file perf wrote.`;
    case 'ELOOP':
      return `${path}: too many symbolic links. Name the file itself.`;
    default:
      return `${path}: cannot be read (${err instanceof Error ? err.message : String(err)}).`;
  }
}
