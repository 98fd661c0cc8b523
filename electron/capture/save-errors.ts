/** Says in plain words why a capture could not be saved, and what the user can do about it. */

export function describeSaveError(err: unknown, path: string): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `Could not save ${path}: its folder does not exist. Choose another folder.`;
    case 'EACCES':
    case 'EPERM':
      return `Could not save ${path}: you may not write in that folder. Choose a folder you own, such as your home folder.`;
    case 'EROFS':
      return `Could not save ${path}: that disk is read-only. Choose another folder.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `Could not save ${path}: the disk is full. Free some space or choose another disk; any file already there was left as it was.`;
    case 'EISDIR':
      return `Could not save ${path}: a folder has that name. Choose another name.`;
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      return `Could not save ${path}: ${detail}. Any file already there was left as it was.`;
    }
  }
}
