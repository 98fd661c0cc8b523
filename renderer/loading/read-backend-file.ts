/**
 * Streams a file the backend granted (dialog, command line) into a sink, through the contract; or,
 * where the backend offers it at an address, has the sink's worker fetch it there.
 */
import type { BackendBridge, FileGrant } from '../../shared/api';
import { parseEventPayload } from '../../shared/api-validate';
import type { TraceSink } from './trace-loader';

export function readBackendFile(bridge: BackendBridge, grant: FileGrant, sink: TraceSink): Promise<void> {
  return new Promise((resolve) => {
    const stop = bridge.onEvent((name, raw) => {
      if (name !== 'fileChunk' && name !== 'fileEnd' && name !== 'fileError') return;
      const payload = parseEventPayload(name, raw);
      if (!payload.ok || payload.value.fileId !== grant.fileId) return;
      const v = payload.value;
      if ('text' in v) {
        sink.chunk(v.text, v.bytesRead);
      } else if ('message' in v) {
        stop();
        sink.fail(v.message);
        resolve();
      } else {
        stop();
        sink.end();
        resolve();
      }
    });
    bridge.request('readFile', { fileId: grant.fileId }).then(
      ({ textUrl }) => {
        if (textUrl === null) return;
        stop();
        sink.follow(textUrl);
        resolve();
      },
      (err: unknown) => {
        stop();
        sink.fail(err instanceof Error ? err.message : String(err));
        resolve();
      },
    );
  });
}
