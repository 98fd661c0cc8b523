/**
 * Saving what the window made or holds: in the desktop app the backend shows its save dialog and
 * writes the file whole; in the browser preview the browser downloads it.
 */
import { MAX_SAVE_BASE64_CHARS, type SavePurpose, type SaveResult } from '../../shared/api';
import { downloadBlob, downloadFromBackend } from './downloads';
import type { Backend } from './use-backend';

/** Something made in the page (an image, a session of text the page holds). Resolves to what to tell the user, if anything. */
export async function saveMade(backend: Backend | null, purpose: SavePurpose, blob: Blob, suggestedName: string): Promise<string | null> {
  if (backend?.info.kind !== 'electron') {
    downloadBlob(blob, suggestedName);
    return null;
  }
  // Base64 is four characters for three bytes: larger than this, the backend would refuse it.
  if (blob.size > (MAX_SAVE_BASE64_CHARS / 4) * 3) {
    throw new Error(`${suggestedName} would be ${(blob.size / 2 ** 20).toFixed(0)} MiB, more than the app can hand over to be saved: export a smaller range or width.`);
  }
  const base64 = await blobToBase64(blob);
  return settle(await backend.bridge.request('saveBytes', { purpose, suggestedName, base64 }));
}

/** Where a save request ended: a file written, a download to start, or nothing (cancelled). */
export function settle(result: SaveResult): string | null {
  if (result.kind === 'download') {
    downloadFromBackend(result.url, result.name);
    return null;
  }
  return result.kind === 'saved' ? `Saved as ${result.name}.` : null;
}

function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The data could not be read for saving.'));
    // A data: URL is the browser's own base64 encoder: `data:…;base64,` then the bytes.
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.readAsDataURL(blob);
  });
}
