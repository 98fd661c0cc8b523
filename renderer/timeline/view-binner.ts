/**
 * Where the timeline gets its level of detail from: the binning worker when the page can share the
 * table's memory with it (cross-origin isolated), else computed right here (and for a trace's first
 * view, see request). With the worker a
 * frame never waits: it draws the newest answer there is, perhaps for the view a frame ago (as
 * Perfetto draws stale data while the next query runs), and the answer to the newest request
 * brings another frame. One request is in flight at a time; asks meanwhile keep only the latest.
 */
import type { RowTimes } from '../../shared/trace/row-times';
import { canShareMemory } from '../loading/shared-memory';
import { BinEdges, queryView, type ViewContent, type ViewQuery } from '../../shared/view/level-of-detail';
import { type BinReply, type BinRequest, unpackContent } from './bin-protocol';

export interface BinnedView {
  trace: RowTimes;
  query: ViewQuery;
  content: ViewContent;
}

export type BinningPlace = 'worker' | 'page';

export class ViewBinner {
  private worker: Worker | null;
  private readonly edges = new BinEdges();
  private latest: BinnedView | null = null;
  private inFlight: { id: number; trace: RowTimes; query: ViewQuery } | null = null;
  private wanted: { trace: RowTimes; query: ViewQuery } | null = null;
  /** The trace the worker holds. */
  private sentTrace: RowTimes | null = null;
  private nextId = 1;
  /** Requests before this id were for a trace since replaced: their answers are dropped. */
  private firstValidId = 1;

  /** `onAnswer` is called when a worker's answer arrives, to draw it. */
  constructor(private readonly onAnswer: () => void) {
    this.worker = takeBinWorker();
    this.worker?.addEventListener('message', (e: MessageEvent<BinReply>) => this.answered(e.data));
    // A worker that fails leaves binning to the page rather than the timeline without content.
    this.worker?.addEventListener('error', () => this.stopWorker());
  }

  get place(): BinningPlace {
    return this.worker ? 'worker' : 'page';
  }

  /** The newest content for `trace`: for this very query, or (from the worker) for one asked before. */
  request(trace: RowTimes, query: ViewQuery): BinnedView | null {
    // A trace's first view with events is binned here: it is small (the first batch), and the
    // worker's answer, while the file's parsing keeps both cores busy, came hundreds of ms later.
    const latest = this.latest;
    if (!this.worker || !latest || latest.trace.times.length === 0) {
      this.latest = { trace, query, content: queryView(trace, query, this.edges) };
      return this.latest;
    }
    if (latest.trace !== trace || !sameQuery(latest.query, query)) {
      if (this.inFlight) this.wanted = { trace, query };
      else this.send(trace, query);
    }
    return this.latest;
  }

  /** Another trace is shown: nothing binned for the one before may be drawn. */
  reset(): void {
    this.latest = null;
    this.wanted = null;
    this.firstValidId = this.nextId;
  }

  destroy(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private send(trace: RowTimes, query: ViewQuery): void {
    const id = this.nextId++;
    const request: BinRequest = { id, query: { ...query, hiddenRows: [...(query.hiddenRows ?? [])] } };
    if (trace !== this.sentTrace) request.trace = trace;
    this.inFlight = { id, trace, query };
    this.sentTrace = trace;
    this.worker?.postMessage(request);
  }

  private answered(reply: BinReply): void {
    const asked = this.inFlight;
    if (!asked || asked.id !== reply.id) return;
    this.inFlight = null;
    if (reply.id >= this.firstValidId) this.latest = { trace: asked.trace, query: asked.query, content: unpackContent(reply) };
    const next = this.wanted;
    this.wanted = null;
    if (next) this.send(next.trace, next.query);
    this.onAnswer();
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.inFlight = null;
    this.wanted = null;
    this.onAnswer();
  }
}

let spare: Worker | null = null;

/**
 * Starts a binning worker before there is a timeline to take it: started with the first trace, its
 * script loaded while that trace was being parsed and put off the first frame by half a second.
 */
export function prestartBinWorker(): void {
  if (canShareMemory()) spare ??= startBinWorker();
}

/** A worker for a new timeline, when the table's memory can be shared with it. */
function takeBinWorker(): Worker | null {
  if (!canShareMemory()) return null;
  const worker = spare ?? startBinWorker();
  spare = null;
  return worker;
}

function startBinWorker(): Worker {
  return new Worker(new URL('./bin-worker.ts', import.meta.url), { type: 'module', name: 'binner' });
}

function sameQuery(a: ViewQuery, b: ViewQuery): boolean {
  return a.startUs === b.startUs && a.endUs === b.endUs && a.widthPx === b.widthPx && a.maxItems === b.maxItems && a.hiddenRows === b.hiddenRows;
}
