/**
 * Saving through the native save dialog: it opens in the folder last saved to for that kind of
 * file, the file is written where the user said, and that folder is remembered once it worked.
 */
import { dirname } from 'node:path';
import { type SaveDialog, saveDialogDetails, safeFileName, type SaveKind } from './save-dialog';
import type { SaveFolders } from './save-folders';

/** The path written, or null when the user cancelled; rejects with the writer's plain words. */
export async function saveWithDialog(
  dialog: SaveDialog,
  folders: SaveFolders,
  kind: SaveKind,
  suggestedName: string,
  write: (target: string) => Promise<void>,
): Promise<string | null> {
  const path = await dialog(safeFileName(kind, suggestedName), await folders.get(kind), saveDialogDetails(kind));
  if (path === null) return null;
  await write(path);
  await folders.remember(kind, dirname(path));
  return path;
}
