/** `skbscope info FILE`: what a trace holds, as one JSON object, from the same parser as the app. */
import { createReadStream } from 'node:fs';
import { DROP_REASONS_KEY, reasonsFromHeader } from '../../shared/journeys/drop-reasons';
import { summarizeDrops } from '../../shared/journeys/drop-summary';
import { buildJourneys } from '../../shared/journeys/journeys';
import { formatOf } from '../../shared/trace/parse-stats';
import { TraceBuilder } from '../../shared/trace/trace-builder';
import type { TraceMetadata } from '../../shared/trace/trace-parser';

export interface TraceInfo {
  format: ReturnType<typeof formatOf>;
  events: number;
  devices: string[];
  skbaddrs: number;
  spanMicros: number;
  skippedLines: number;
  lostEvents: number;
  /** The `# key : value` header lines (a capture's hostname, os release, perf version, cmdline, captured on); {} when there are none. */
  metadata: TraceMetadata;
  /** Packets: each skbaddr's events split into one journey per packet. */
  journeys: number;
  /** Real drops by reason: its name where the trace's header has the kernel's table (or perf script printed it), else its number. */
  drops: Record<string, number>;
  /** Frees that look like drops but are the kernel working as it should (a raw-socket ping's reply copy). */
  benignFrees: number;
}

/** Reads `path` in chunks (traces can be gigabytes); rejects with the file system's error. */
export async function traceInfo(path: string): Promise<TraceInfo> {
  const builder = new TraceBuilder();
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    builder.push(decoder.decode(chunk as Buffer, { stream: true }));
  }
  builder.push(decoder.decode());
  builder.end();
  const summary = builder.table.summary();
  const totals = builder.totals;
  const { journeys } = buildJourneys(builder.table, reasonsFromHeader(builder.metadata[DROP_REASONS_KEY]));
  const drops = summarizeDrops(journeys);
  return {
    format: formatOf(totals),
    events: summary.events,
    devices: summary.devices,
    skbaddrs: summary.skbaddrs,
    // Whole-number µs where perf printed µs; float noise from nanosecond inputs is rounded off.
    spanMicros: Math.round((summary.endUs - summary.startUs) * 1000) / 1000,
    skippedLines: totals.skippedLines,
    lostEvents: totals.lostEvents,
    metadata: { ...builder.metadata },
    journeys: journeys.length,
    drops: drops.byReason,
    benignFrees: drops.benignFrees,
  };
}
