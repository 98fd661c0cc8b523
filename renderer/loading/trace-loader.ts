/**
 * Loads traces: text from any source goes to the parsing worker, batches come back into a
 * TraceTable. The trace on screen is only replaced once the new one has events, so a file that
 * turns out not to be a trace (or cannot be read) never costs the user what they were looking at.
 */
import type { SkippedLine } from '../../shared/trace/event-batch';
import { TraceTable } from '../../shared/trace/trace-table';
import { notATraceMessage } from './load-messages';
import type { FromWorker, ParseTotals, ToWorker } from './worker-protocol';

export interface LoadedTrace {
  table: TraceTable;
  title: string;
  totals: ParseTotals | null;
  skipped: SkippedLine[];
  loading: boolean;
  /** Bytes read so far and the file's size where known, for the progress shown while loading. */
  bytesRead: number;
  size: number | null;
}

export interface LoaderState {
  /** The trace on screen (possibly still loading). */
  trace: LoadedTrace | null;
  /** A load in progress that has no events yet. */
  progress: { title: string; bytesRead: number; size: number | null } | null;
  error: string | null;
  /** Something worth knowing that is not a failure (e.g. files that were not opened). */
  notice: string | null;
  revision: number;
}

/** Where a source writes what it reads. */
export interface TraceSink {
  chunk(text: string, bytesRead: number): void;
  end(): void;
  fail(message: string): void;
}

export class TraceLoader {
  private readonly worker: Worker;
  private job = 0;
  private incoming: LoadedTrace | null = null;
  private state: LoaderState = { trace: null, progress: null, error: null, notice: null, revision: 0 };
  private readonly listeners = new Set<() => void>();
  private size: number | null = null;
  private bytesRead = 0;
  private readFailure: string | null = null;

  constructor(workerFactory: () => Worker) {
    this.worker = workerFactory();
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.onWorkerMessage(e.data);
    this.worker.onerror = (e) => this.finishWithError(`The parser stopped unexpectedly: ${e.message}`);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): LoaderState => this.state;

  dismissError(): void {
    this.set({ error: null });
  }

  reportNotice(message: string): void {
    this.set({ notice: message });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Shows a problem that happened outside a load (a dialog, the backend) in the same place. */
  reportError(message: string): void {
    this.set({ error: message });
  }

  /** Starts a load; a load still running is abandoned. */
  begin(title: string, size: number | null): TraceSink {
    const jobId = ++this.job;
    this.incoming = { table: new TraceTable(), title, totals: null, skipped: [], loading: true, bytesRead: 0, size };
    this.size = size;
    this.bytesRead = 0;
    this.readFailure = null;
    this.set({ progress: { title, bytesRead: 0, size }, error: null, notice: null });
    const post = (msg: ToWorker): void => this.worker.postMessage(msg);
    return {
      chunk: (text, bytesRead) => {
        if (jobId !== this.job) return;
        this.bytesRead = bytesRead;
        post({ type: 'chunk', jobId, text });
        if (this.state.progress) this.set({ progress: { title, bytesRead, size } });
      },
      end: () => {
        if (jobId === this.job) post({ type: 'end', jobId });
      },
      fail: (message) => {
        if (jobId !== this.job) return;
        // Keep what was read so far: let the worker finish it, then report the failure.
        this.readFailure = message;
        post({ type: 'end', jobId });
      },
    };
  }

  private onWorkerMessage(msg: FromWorker): void {
    const incoming = this.incoming;
    if (msg.jobId !== this.job || !incoming) return;
    incoming.totals = msg.totals;
    if (msg.type === 'batch') {
      incoming.table.append(msg.batch);
      incoming.bytesRead = this.bytesRead;
      if (incoming.table.count > 0) {
        this.set({ trace: { ...incoming }, progress: null });
      }
      return;
    }
    incoming.loading = false;
    incoming.skipped = msg.skipped;
    this.incoming = null;
    const failure = this.readFailure;
    if (incoming.table.count === 0) {
      this.set({ progress: null, error: failure ?? notATraceMessage(incoming.title, this.bytesRead, msg.totals) });
      return;
    }
    this.set({
      trace: { ...incoming },
      progress: null,
      error: failure ? `${incoming.title}: reading stopped part-way (${failure}). Showing the events read before that.` : null,
    });
  }

  private finishWithError(message: string): void {
    this.incoming = null;
    this.set({ progress: null, error: message });
  }

  private set(patch: Partial<LoaderState>): void {
    this.state = { ...this.state, ...patch, revision: this.state.revision + 1 };
    for (const l of this.listeners) l();
  }
}
