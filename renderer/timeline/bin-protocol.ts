/**
 * Messages between the timeline and its binning worker. The trace goes by reference (its views lie
 * in SharedArrayBuffers), once per table revision; what comes back is packed in typed arrays that
 * are transferred, so neither side copies or walks an object per bin.
 */
import type { RowTimes } from '../../shared/trace/row-times';
import type { DensityBin, ViewContent, ViewQuery } from '../../shared/view/level-of-detail';

export interface BinRequest {
  id: number;
  query: Omit<ViewQuery, 'hiddenRows'> & { hiddenRows: number[] };
  /** Sent when the table changed since the last request: the worker bins from it until the next. */
  trace?: RowTimes;
}

export interface BinReply {
  id: number;
  events: Uint32Array;
  /** BIN_FIELDS numbers per bin: row, startUs, endUs, count, firstEvent. */
  bins: Float64Array;
  rowCounts: Uint32Array;
}

const BIN_FIELDS = 5;

export function packContent(id: number, content: ViewContent): BinReply {
  const bins = new Float64Array(content.bins.length * BIN_FIELDS);
  content.bins.forEach((b, i) => bins.set([b.row, b.startUs, b.endUs, b.count, b.firstEvent], i * BIN_FIELDS));
  return { id, events: Uint32Array.from(content.events), bins, rowCounts: Uint32Array.from(content.rowCounts) };
}

export function unpackContent(reply: BinReply): ViewContent {
  const bins: DensityBin[] = [];
  const b = reply.bins;
  for (let i = 0; i + BIN_FIELDS <= b.length; i += BIN_FIELDS) {
    bins.push({ row: b[i] as number, startUs: b[i + 1] as number, endUs: b[i + 2] as number, count: b[i + 3] as number, firstEvent: b[i + 4] as number });
  }
  return { events: Array.from(reply.events), bins, rowCounts: Array.from(reply.rowCounts) };
}

/** The reply's buffers, to transfer rather than copy. */
export function replyBuffers(reply: BinReply): ArrayBuffer[] {
  return [reply.events.buffer, reply.bins.buffer, reply.rowCounts.buffer] as ArrayBuffer[];
}
