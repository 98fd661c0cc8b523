/**
 * Loads traces: text from any source (a file the backend reads, a live capture) goes to the parsing
 * worker, which reads a file the page holds itself; batches come back into a TraceTable. A file
 * replaces the trace on screen only once it has events, so a file that turns out not to be a trace
 * (or cannot be read) never costs the user what they were looking at; a live capture fills in as
 * perf prints.
 */
import { type SessionView, sessionView } from '../../shared/session/session-file';
import type { SkippedLine } from '../../shared/trace/event-batch';
import type { TraceMetadata } from '../../shared/trace/trace-parser';
import { TraceTable } from '../../shared/trace/trace-table';
import { notATraceMessage } from './load-messages';
import { canShareMemory } from './shared-memory';
import { TraceText } from './trace-text';
import type { FromWorker, ParseTotals, ToWorker } from './worker-protocol';

/** Where a trace's text is, so it can be saved again: the backend holds files and captures, the page holds the rest. */
export type TraceSource = { kind: 'backend-file'; fileId: string } | { kind: 'capture'; captureId: string } | { kind: 'text'; blob: Blob };

export interface LoadedTrace {
  table: TraceTable;
  title: string;
  source: TraceSource;
  /** The text, to read an event's line back from when its fields are shown. */
  text: TraceText;
  /** The view a session file was saved with, to restore once it has loaded. */
  session: SessionView | null;
  totals: ParseTotals | null;
  /** The file's `# key : value` header (host, kernel, perf command, capture time). */
  metadata: TraceMetadata;
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
  /** Events of the latest live capture so far, whether or not it is the trace on screen yet. */
  liveEvents: number;
  revision: number;
}

/** Where a source writes what it reads. */
export interface TraceSink {
  chunk(text: string, bytesRead: number): void;
  /**
   * The text is at this address of the backend's (a textUrl): the worker fetches it itself, to its
   * end, so it never passes through the window's thread; chunk and end are not needed then.
   */
  follow(url: string): void;
  end(): void;
  fail(message: string): void;
}

export interface BeginOptions {
  size: number | null;
  source: TraceSource;
  /** A capture: shown before its first event where nothing else is open, and never called "not a trace". */
  live?: boolean;
}

/** While a trace grows, the screen is updated at most this often: enough to watch, cheap at 100,000 events/s. */
const PUBLISH_MS = 100;
/** Text that pauses this long (a quiet capture) has its last events derived without waiting for more. */
const SETTLE_MS = 200;

export class TraceLoader {
  private readonly worker: Worker;
  private job = 0;
  private incoming: LoadedTrace | null = null;
  private live = false;
  private state: LoaderState = { trace: null, progress: null, error: null, notice: null, liveEvents: 0, revision: 0 };
  private readonly listeners = new Set<() => void>();
  private bytesRead = 0;
  private readFailure: string | null = null;
  private publishTimer: ReturnType<typeof setTimeout> | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  /** A session file's header is checked once, before its trace may replace the one on screen. */
  private sessionChecked = false;

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

  /** Shows a problem that happened outside a load (a dialog, the backend) in the same place. */
  reportError(message: string): void {
    this.set({ error: message });
  }

  reportNotice(message: string): void {
    this.set({ notice: message });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Starts a load; a load still running is abandoned. */
  begin(title: string, options: BeginOptions): TraceSink {
    const jobId = this.start(title, options);
    const post = (msg: ToWorker): void => this.worker.postMessage(msg);
    // A fetched text ends by itself, once all of it was read.
    let following = false;
    return {
      chunk: (text, bytesRead) => {
        if (jobId !== this.job) return;
        post({ type: 'chunk', jobId, text, keepText: options.source.kind !== 'text' });
        this.read(bytesRead);
      },
      follow: (url) => {
        if (jobId !== this.job) return;
        following = true;
        post({ type: 'url', jobId, url });
      },
      end: () => {
        if (jobId === this.job && !following) post({ type: 'end', jobId });
      },
      fail: (message) => {
        if (jobId !== this.job) return;
        // Keep what was read so far: let the worker finish it, then report the failure.
        this.readFailure = message;
        if (!following) post({ type: 'end', jobId });
      },
    };
  }

  /**
   * Loads a file the page holds (chosen or dropped): the worker reads it itself, so the window
   * spends nothing on its text (reading a large file here was most of the wait for its first frame).
   */
  openFile(title: string, file: Blob): void {
    const jobId = this.start(title, { size: file.size, source: { kind: 'text', blob: file } });
    this.worker.postMessage({ type: 'file', jobId, file } satisfies ToWorker);
  }

  private start(title: string, { size, source, live = false }: BeginOptions): number {
    const jobId = ++this.job;
    this.cancelPublish();
    const text = new TraceText(source.kind === 'text' ? source.blob : null);
    const incoming: LoadedTrace = { table: new TraceTable({ sharedMemory: canShareMemory() }), title, source, text, session: null, totals: null, metadata: {}, skipped: [], loading: true, bytesRead: 0, size };
    this.sessionChecked = false;
    this.incoming = incoming;
    this.live = live;
    this.bytesRead = 0;
    this.readFailure = null;
    // A capture shows at once on an empty window; over a trace already open, it waits for its
    // first event, so a capture that fails to start costs the user nothing.
    this.set(
      live
        ? { ...(this.state.trace ? {} : { trace: { ...incoming } }), progress: null, error: null, notice: null, liveEvents: 0 }
        : { progress: { title, bytesRead: 0, size }, error: null, notice: null },
    );
    return jobId;
  }

  /** How far reading has got, for the progress shown until the first events. */
  private read(bytesRead: number): void {
    this.bytesRead = bytesRead;
    if (this.state.progress) this.set({ progress: { ...this.state.progress, bytesRead } });
  }

  private onWorkerMessage(msg: FromWorker): void {
    const incoming = this.incoming;
    if (msg.jobId !== this.job || !incoming) return;
    if (msg.type === 'text') {
      incoming.text.addPart(msg.part);
      return;
    }
    if (msg.type === 'read') {
      this.read(msg.bytesRead);
      return;
    }
    if (msg.type === 'failed') {
      this.readFailure = msg.message;
      return;
    }
    incoming.totals = msg.totals;
    incoming.metadata = msg.metadata;
    if (!this.sessionChecked) {
      // The header comes first, so the first message already says whether this is a session.
      this.sessionChecked = true;
      const session = sessionView(msg.metadata);
      if (session && !session.ok) {
        this.job++;
        this.finishWithError(`${incoming.title} cannot be opened. ${session.error}`);
        return;
      }
      incoming.session = session?.value ?? null;
    }
    if (msg.type === 'batch') {
      incoming.table.append(msg.batch);
      incoming.bytesRead = this.bytesRead;
      this.scheduleSettle(incoming.table);
      if (incoming.table.count > 0 || this.state.trace?.table === incoming.table) this.schedulePublish();
      return;
    }
    this.cancelPublish();
    incoming.table.settle();
    this.compactSoon(incoming.table);
    incoming.loading = false;
    incoming.skipped = msg.skipped;
    this.incoming = null;
    const failure = this.readFailure;
    if (incoming.table.count === 0 && this.state.trace?.table !== incoming.table) {
      // A capture without events says so in its own bar; a file without events is not a trace.
      this.set({ progress: null, error: this.live ? failure : (failure ?? notATraceMessage(incoming.title, this.bytesRead, msg.totals)), ...this.liveCount(incoming) });
      return;
    }
    this.set({
      trace: { ...incoming },
      progress: null,
      ...this.liveCount(incoming),
      error: failure ? `${incoming.title}: reading stopped part-way (${failure}). Showing the events read before that.` : null,
    });
  }

  /**
   * Whole now, the columns give back the room they kept for growing, a few MB a task: all at once
   * held the window for a second after a long capture. Then the trace is shown again, so views of the
   * old columns (the binning worker's) are let go.
   */
  private compactSoon(table: TraceTable): void {
    const step = (): void => {
      if (table.compactStep()) return void setTimeout(step, 0);
      const { trace } = this.state;
      if (trace?.table === table) this.set({ trace: { ...trace } });
    };
    setTimeout(step, 0);
  }

  /**
   * The first events show as soon as the window is free; after that the screen catches up every
   * PUBLISH_MS. The first showing is a task of its own, after the one that took the events in:
   * drawing a trace's window the first time costs as much again, and both in one task held the
   * window for up to half a second.
   */
  private schedulePublish(): void {
    if (this.publishTimer !== null) return;
    const publish = (): void => {
      this.publishTimer = null;
      if (this.incoming) this.set({ trace: { ...this.incoming }, progress: null, ...this.liveCount(this.incoming) });
    };
    this.publishTimer = setTimeout(publish, this.state.trace?.table !== this.incoming?.table ? 0 : PUBLISH_MS);
  }

  /** Events held back for reordering are derived once the text pauses, so a quiet capture shows its last ones. */
  private scheduleSettle(table: TraceTable): void {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      if (this.incoming?.table !== table || table.derivedCount === table.count) return;
      table.settle();
      this.set({ trace: { ...this.incoming }, progress: null, ...this.liveCount(this.incoming) });
    }, SETTLE_MS);
  }

  private liveCount(trace: LoadedTrace): Partial<LoaderState> {
    return this.live ? { liveEvents: trace.table.count } : {};
  }

  private cancelPublish(): void {
    if (this.publishTimer !== null) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private finishWithError(message: string): void {
    this.cancelPublish();
    this.incoming = null;
    this.set({ progress: null, error: message });
  }

  private set(patch: Partial<LoaderState>): void {
    this.state = { ...this.state, ...patch, revision: this.state.revision + 1 };
    for (const l of this.listeners) l();
  }
}
