/**
 * The parsing worker: text chunks in, columnar batches out, so a large file never blocks the
 * window. One parser per job; a new job id starts afresh.
 */
import { TraceParser } from '../../shared/trace/trace-parser';
import { TextParts } from './text-parts';
import { batchBuffers, type FromWorker, type ParseTotals, type ToWorker } from './worker-protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
}
const scope = self as unknown as WorkerScope;

let jobId = -1;
let parser = new TraceParser();
const text = new TextParts((part) => scope.postMessage({ type: 'text', jobId, part }, []));

function totals(): ParseTotals {
  return parser.stats();
}

function flush(): void {
  const batch = parser.takeBatch();
  if (batch) scope.postMessage({ type: 'batch', jobId, batch, totals: totals(), metadata: parser.metadata }, batchBuffers(batch));
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.jobId !== jobId) {
    jobId = msg.jobId;
    parser = new TraceParser();
    text.drop();
  }
  if (msg.type === 'chunk') {
    parser.push(msg.text);
    if (msg.keepText) text.add(msg.text);
    flush();
  } else {
    parser.end();
    text.flush();
    flush();
    scope.postMessage({ type: 'done', jobId, totals: totals(), metadata: parser.metadata, skipped: parser.skipped }, []);
  }
};
