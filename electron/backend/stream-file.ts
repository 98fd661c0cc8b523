/**
 * Reads one granted file for the renderer: as fileChunk events of about FILE_CHUNK_BYTES each, then
 * fileEnd, or fileError in plain words; or, where the renderer fetches it itself (the preview), as
 * its bytes for an HTTP answer. Text is decoded with a streaming decoder, so a character whose
 * bytes straddle two reads arrives whole in the later chunk.
 */
import type { Readable } from 'node:stream';
import { type FileHandle, open } from 'node:fs/promises';
import { FILE_CHUNK_BYTES } from '../../shared/api';
import type { EventSender } from './event-sender';
import { describeReadError, notAFileMessage } from './file-errors';
import type { GrantedFile } from './file-grants';

export async function streamFile(file: GrantedFile, send: EventSender, signal: AbortSignal): Promise<void> {
  const { fileId, path } = file;
  let handle: FileHandle | undefined;
  try {
    handle = await openForReading(path);
    // Not fatal: a stray invalid byte becomes U+FFFD and the parser skips that one line.
    const decoder = new TextDecoder('utf-8');
    const buffer = Buffer.alloc(FILE_CHUNK_BYTES);
    let bytesRead = 0;
    for (;;) {
      if (signal.aborted) return;
      // Position null reads on from where the last read stopped, which a pipe needs.
      const { bytesRead: n } = await handle.read(buffer, 0, buffer.length, null);
      if (n === 0) break;
      bytesRead += n;
      const text = decoder.decode(buffer.subarray(0, n), { stream: true });
      if (!(await send('fileChunk', { fileId, text, bytesRead }))) return;
    }
    const rest = decoder.decode();
    if (rest && !(await send('fileChunk', { fileId, text: rest, bytesRead }))) return;
    if (!signal.aborted) await send('fileEnd', { fileId, bytesRead });
  } catch (err) {
    if (!signal.aborted) await send('fileError', { fileId, message: err instanceof ReadRefused ? err.message : describeReadError(err, path) });
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The file's bytes from the first to the last, read as they are sent; rejects in plain words. */
export async function openGrantedFile({ path }: GrantedFile): Promise<{ bytes: Readable; size: null }> {
  const handle = await openForReading(path);
  // No size beforehand: a file still being written (or a pipe) is sent to whatever end it reaches.
  return { bytes: handle.createReadStream(), size: null };
}

/** A file that cannot be read, said in plain words. */
class ReadRefused extends Error {}

async function openForReading(path: string): Promise<FileHandle> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw new ReadRefused(describeReadError({ code: 'EISDIR' }, path));
    // A named pipe is fine (`skbscope <(perf trace …)`); a device or socket has no end to read to.
    if (!info.isFile() && !info.isFIFO()) throw new ReadRefused(notAFileMessage(path));
    return handle;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    throw err instanceof ReadRefused ? err : new ReadRefused(describeReadError(err, path));
  }
}
