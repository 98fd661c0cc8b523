/**
 * The unit the parser hands on: a run of events in columns (typed arrays, strings interned),
 * cheap to post from the worker with its buffers transferred, and appended to a TraceTable.
 */

/** The four ways perf prints the same tracepoint event. */
export type Layout = 'perf-trace' | 'perf-trace-libtraceevent' | 'perf-trace-legacy' | 'perf-script';

export const LAYOUTS: readonly Layout[] = [
  'perf-trace',
  'perf-trace-libtraceevent',
  'perf-trace-legacy',
  'perf-script',
];

/** Column value for "not given on this line" in the integer columns. */
export const NONE = -1;

export interface EventBatch {
  count: number;
  /** Microseconds, fractional allowed: perf trace's milliseconds and perf script's seconds both land here. */
  timeUs: Float64Array;
  /** Index into the string table: the tracepoint, e.g. `net:net_dev_queue`. */
  event: Int32Array;
  /** String index of the device (`name` or `dev` field), or NONE. */
  device: Int32Array;
  /** String index of the skbaddr as printed (`0xffff…`), or NONE. */
  skbaddr: Int32Array;
  len: Int32Array;
  /** String index of the command name, or NONE. */
  comm: Int32Array;
  pid: Int32Array;
  cpu: Int32Array;
  /** 1-based line number in the source text. */
  line: Int32Array;
  /**
   * Where the event's line starts in the source, in UTF-8 bytes from its first: the line is read
   * back from there when its fields are shown, rather than kept as a string per event.
   */
  offset: Float64Array;
  /** Index into LAYOUTS. */
  layout: Uint8Array;
  /**
   * The batch's drops (skb:kfree_skb events) only, so no other event pays for them: each one's
   * index within the batch, ascending, and the string index of its `reason` and `location` as
   * printed (`3` or perf script's `NO_SOCKET`; `0xffff…` or `ping_rcv+0xab`), NONE where absent.
   */
  dropEvent: Int32Array;
  dropReason: Int32Array;
  dropLocation: Int32Array;
  /** Strings interned since the previous batch, in index order, continuing the table. */
  newStrings: string[];
}

/** A line that is not an event, kept so the user can see what was skipped and why. */
export interface SkippedLine {
  line: number;
  reason: string;
  /** The line itself, cut to a readable length. */
  text: string;
}
