/**
 * Streams one granted file to the renderer: fileChunk events of about FILE_CHUNK_BYTES each, then
 * fileEnd, or fileError in plain words. Text is decoded with a streaming decoder, so a character
 * whose bytes straddle two reads arrives whole in the later chunk.
 */
import { open } from 'node:fs/promises';
import { FILE_CHUNK_BYTES } from '../../shared/api';
import type { EventSender } from './event-sender';
import { describeReadError, notAFileMessage } from './file-errors';
import type { GrantedFile } from './file-grants';

export async function streamFile(file: GrantedFile, send: EventSender, signal: AbortSignal): Promise<void> {
  const { fileId, path } = file;
  const fail = async (message: string): Promise<void> => {
    if (!signal.aborted) await send('fileError', { fileId, message });
  };
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) return await fail(describeReadError({ code: 'EISDIR' }, path));
    // A named pipe is fine (`skbscope <(perf trace …)`); a device or socket has no end to read to.
    if (!info.isFile() && !info.isFIFO()) return await fail(notAFileMessage(path));

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
    await fail(describeReadError(err, path));
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
