/**
 * Reads a File the browser gave us (file input, drop) in chunks, decoding UTF-8 across chunk edges.
 * A byte order mark is kept as a character, so the parser's byte offsets are the file's own.
 */
import type { TraceSink } from './trace-loader';

export async function readBrowserFile(file: Blob, sink: TraceSink): Promise<void> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const reader = file.stream().getReader();
  let bytesRead = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      sink.chunk(decoder.decode(value, { stream: true }), bytesRead);
    }
    const rest = decoder.decode();
    if (rest) sink.chunk(rest, bytesRead);
    sink.end();
  } catch (err) {
    sink.fail(err instanceof Error ? err.message : String(err));
  }
}
