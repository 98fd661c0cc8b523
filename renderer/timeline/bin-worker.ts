/**
 * The binning worker: the level of detail for each view the timeline asks for, computed here on
 * the table's shared memory so a frame on the page's thread never waits for it. Bin edges found
 * for one view are reused for the next while the trace stays the same (panning at one zoom).
 */
import type { RowTimes } from '../../shared/trace/row-times';
import { BinEdges, queryView } from '../../shared/view/level-of-detail';
import { type BinReply, type BinRequest, packContent, replyBuffers } from './bin-protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<BinRequest>) => void) | null;
  postMessage(message: BinReply, transfer: ArrayBuffer[]): void;
}
const scope = self as unknown as WorkerScope;

let trace: RowTimes | null = null;
const edges = new BinEdges();

scope.onmessage = (e) => {
  const { id, query, trace: next } = e.data;
  if (next) trace = next;
  // Every request is answered, so the page never waits on one: without a trace, with nothing.
  const content = trace ? queryView(trace, { ...query, hiddenRows: new Set(query.hiddenRows) }, edges) : { events: [], bins: [], rowCounts: [] };
  const reply = packContent(id, content);
  scope.postMessage(reply, replyBuffers(reply));
};
