/**
 * The parsing worker: text chunks (or a whole file to read) in, columnar batches out, so a large
 * file never blocks the window. One parser per job; a new job id starts afresh.
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

/**
 * A live capture arrives in many small chunks: their events go back together, at most
 * FLUSH_MS late, since every batch costs the window a message, an append and its bookkeeping.
 * A chunk of a file is large enough to go back at once.
 */
const FLUSH_MS = 25;
const FLUSH_CHARS = 1024 * 1024;
let unflushedChars = 0;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flushSoon(chars: number): void {
  unflushedChars += chars;
  if (unflushedChars >= FLUSH_CHARS) flush();
  else flushTimer ??= setTimeout(flush, FLUSH_MS);
}

function cancelFlush(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  unflushedChars = 0;
}

function flush(): void {
  cancelFlush();
  const batch = parser.takeBatch();
  if (batch) scope.postMessage({ type: 'batch', jobId, batch, totals: totals(), metadata: parser.metadata }, batchBuffers(batch));
}

/** The text has ended: the last events, then what the parse came to. */
function finish(): void {
  parser.end();
  text.flush();
  flush();
  scope.postMessage({ type: 'done', jobId, totals: totals(), metadata: parser.metadata, skipped: parser.skipped }, []);
  // The job is over: its strings (every skbaddr seen) are the table's now, and need not stay here too.
  parser = new TraceParser();
}

/** Progress is reported at most this often while a file is read. */
const PROGRESS_MS = 100;

/** Reads a file the page handed over, parsing as it goes, until it ends or another job starts. */
function readFile(job: number, file: Blob): Promise<void> {
  return readBytes(job, file.stream(), false);
}

/**
 * Fetches a text the backend offers (a running capture's, as it is written; a file's), parsing it
 * as it comes, until it ends or another job starts. Its bytes are kept as they came, to read lines
 * back from.
 */
async function readUrl(job: number, url: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store' });
    // The backend's answer to a text it cannot give is that text's problem in plain words.
    if (!response.ok || response.body === null) throw new Error((await response.text()).trim() || `the backend answered HTTP ${response.status}`);
  } catch (err) {
    if (job !== jobId) return;
    // fetch fails with a TypeError only when nothing answered at all.
    const message = err instanceof TypeError ? `the backend could not be reached (${err.message}): is it still running?` : err instanceof Error ? err.message : String(err);
    scope.postMessage({ type: 'failed', jobId, message }, []);
    return finish();
  }
  await readBytes(job, response.body, true);
}

async function readBytes(job: number, stream: ReadableStream<Uint8Array<ArrayBuffer>>, keepText: boolean): Promise<void> {
  // A byte order mark is kept as a character, so the parser's byte offsets are the file's own.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const reader = stream.getReader();
  let bytesRead = 0;
  let reportedAt = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (job !== jobId) return void reader.cancel();
      if (done) break;
      bytesRead += value.byteLength;
      if (keepText) text.add(value);
      const chunk = decoder.decode(value, { stream: true });
      parser.push(chunk);
      flushSoon(chunk.length);
      if (performance.now() - reportedAt >= PROGRESS_MS) {
        reportedAt = performance.now();
        scope.postMessage({ type: 'read', jobId, bytesRead }, []);
      }
    }
    parser.push(decoder.decode());
    scope.postMessage({ type: 'read', jobId, bytesRead }, []);
  } catch (err) {
    if (job !== jobId) return;
    scope.postMessage({ type: 'failed', jobId, message: err instanceof Error ? err.message : String(err) }, []);
  }
  finish();
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.jobId !== jobId) {
    jobId = msg.jobId;
    cancelFlush();
    parser = new TraceParser();
    text.drop();
  }
  if (msg.type === 'chunk') {
    parser.push(msg.text);
    if (msg.keepText) text.add(msg.text);
    flushSoon(msg.text.length);
  } else if (msg.type === 'file') {
    void readFile(msg.jobId, msg.file);
  } else if (msg.type === 'url') {
    void readUrl(msg.jobId, msg.url);
  } else {
    finish();
  }
};
