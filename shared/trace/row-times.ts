/**
 * What binning reads of a trace: every event's time, and each shown row's events in time order.
 * Views into the table's columns, no copies; in a page that is cross-origin isolated they lie in
 * SharedArrayBuffers, so the binning worker is handed the same memory.
 */
export interface RowTimes {
  /** The table's revision these views were taken at: binning caches nothing across two. */
  readonly revision: number;
  /** Every event's time (µs) by event index. */
  readonly times: Float64Array;
  /** Per shown row (in the order rows() gives), its event indices sorted by time. */
  readonly rows: readonly Uint32Array[];
}
