/** Messages between the renderer and its parsing worker. */
import type { EventBatch, SkippedLine } from '../../shared/trace/event-batch';
import type { ParseTotals } from '../../shared/trace/parse-stats';
import type { TraceMetadata } from '../../shared/trace/trace-parser';

export type { ParseTotals };

export type ToWorker =
  /** keepText: the page holds no file of this text, so the worker keeps it as Blob parts ('text' messages). */
  | { type: 'chunk'; jobId: number; text: string; keepText: boolean }
  | { type: 'end'; jobId: number }
  /** A file the page holds, for the worker to read itself (its text stays in the file). */
  | { type: 'file'; jobId: number; file: Blob }
  /** Text the worker fetches itself as it is written, to its end (a running capture's textUrl); kept as Blob parts too. */
  | { type: 'url'; jobId: number; url: string };

export type FromWorker =
  | { type: 'text'; jobId: number; part: Blob }
  /** Bytes of a file (or a fetched text) read so far. */
  | { type: 'read'; jobId: number; bytesRead: number }
  /** Reading a file (or fetching a text) stopped part-way; what was read is still parsed and sent. */
  | { type: 'failed'; jobId: number; message: string }
  | { type: 'batch'; jobId: number; batch: EventBatch; totals: ParseTotals; metadata: TraceMetadata }
  | { type: 'done'; jobId: number; totals: ParseTotals; metadata: TraceMetadata; skipped: SkippedLine[] };

/** The typed arrays of a batch, to transfer rather than copy. */
export function batchBuffers(batch: EventBatch): ArrayBuffer[] {
  return [
    batch.timeUs,
    batch.event,
    batch.device,
    batch.skbaddr,
    batch.len,
    batch.comm,
    batch.pid,
    batch.cpu,
    batch.line,
    batch.offset,
    batch.layout,
    batch.dropEvent,
    batch.dropReason,
    batch.dropLocation,
  ].map((a) => a.buffer as ArrayBuffer);
}
