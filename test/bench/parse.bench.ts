/**
 * Parse throughput of the shared parser, in Node, next to the same machine's baseline of only
 * splitting the same text into lines: 1,000,000 synthetic events in each of the four layouts, and
 * the real tcp-bulk capture. Text goes in as the worker gets it (1 MiB chunks, a batch taken after
 * each), and each run times the baseline and the parser back to back on the same string.
 */
import { LAYOUTS, type Layout } from '../../shared/trace/event-batch';
import { TraceParser } from '../../shared/trace/trace-parser';
import { readFixture } from '../support/fixtures';
import { syntheticTrace } from '../support/synthetic-trace';
import type { BenchReport } from './bench-report';

const EVENTS = 1_000_000;
const CHUNK = 1024 * 1024;
/** tcp-bulk is 2 MB: parsed this many times per run, so one run is long enough to time. */
const TCP_BULK_REPEATS = 25;

const LAYOUT_KEYS: Record<Layout, string> = {
  'perf-trace': 'PerfTrace',
  'perf-trace-libtraceevent': 'Libtraceevent',
  'perf-trace-legacy': 'Legacy',
  'perf-script': 'PerfScript',
};

interface Timing {
  parseMs: number;
  splitMs: number;
}

export function benchParse(report: BenchReport, runs: number): void {
  const cases: { key: string; label: string; text: string; repeats: number; events: number }[] = LAYOUTS.map((layout) => ({
    key: LAYOUT_KEYS[layout],
    label: `1M events, ${layout}`,
    text: syntheticTrace({ events: EVENTS, seed: 1, layout }),
    repeats: 1,
    events: EVENTS,
  }));
  const tcp = readFixture('tcp-bulk-20MB.btf.txt');
  cases.push({ key: 'TcpBulk', label: `tcp-bulk capture ×${TCP_BULK_REPEATS}`, text: tcp, repeats: TCP_BULK_REPEATS, events: countEvents(tcp) * TCP_BULK_REPEATS });

  const mbps: number[][] = Array.from({ length: runs }, () => []);
  const ratios: number[][] = Array.from({ length: runs }, () => []);
  for (const c of cases) {
    // One untimed pass each, so both are compiled before the clock runs.
    time(c.text, 1);
    const timings: Timing[] = [];
    for (let r = 0; r < runs; r++) {
      const t = time(c.text, c.repeats);
      timings.push(t);
      const mb = (c.text.length * c.repeats) / 1e6;
      mbps[r]?.push(mb / (t.parseMs / 1000));
      ratios[r]?.push(t.splitMs / t.parseMs);
    }
    const mb = (c.text.length * c.repeats) / 1e6;
    report.add({ key: `parse${c.key}MBps`, label: `parse ${c.label}`, unit: 'MB/s', runs: timings.map((t) => mb / (t.parseMs / 1000)) });
    report.add({ key: `parse${c.key}EventsPerSec`, label: `parse ${c.label}`, unit: 'ev/s', runs: timings.map((t) => c.events / (t.parseMs / 1000)) });
    report.add({ key: `lineSplit${c.key}MBps`, label: `only splitting lines, ${c.label}`, unit: 'MB/s', runs: timings.map((t) => mb / (t.splitMs / 1000)) });
    report.add({ key: `parse${c.key}RatioToLineSplit`, label: `parse / line split, ${c.label}`, unit: '×', runs: timings.map((t) => t.splitMs / t.parseMs) });
  }
  // The headline figures are the slowest case's, so no layout hides behind another.
  report.add({ key: 'parseMBps', label: 'parse, slowest of the cases above', unit: 'MB/s', runs: mbps.map((run) => Math.min(...run)) });
  report.add({ key: 'parseRatioToLineSplit', label: 'parse / line split, lowest of the cases', unit: '×', runs: ratios.map((run) => Math.min(...run)) });
}

function time(text: string, repeats: number): Timing {
  let t0 = performance.now();
  let lines = 0;
  for (let i = 0; i < repeats; i++) lines += splitLines(text);
  const splitMs = performance.now() - t0;
  t0 = performance.now();
  let events = 0;
  for (let i = 0; i < repeats; i++) events += parse(text);
  const parseMs = performance.now() - t0;
  if (events === 0 || lines < events) throw new Error(`parse bench: ${events} events from ${lines} lines`);
  return { parseMs, splitMs };
}

/** The baseline: every line as a string of its own, as `text.split('\n')` would give, looked at once. */
function splitLines(text: string): number {
  let lines = 0;
  let pos = 0;
  for (let c = 0; c < text.length; c += CHUNK) {
    const chunk = text.slice(c, c + CHUNK);
    pos = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl < 0) break;
      const line = chunk.slice(pos, nl);
      if (line.charCodeAt(0) !== 35) lines++;
      pos = nl + 1;
    }
  }
  return lines;
}

function parse(text: string): number {
  const parser = new TraceParser();
  let events = 0;
  for (let c = 0; c < text.length; c += CHUNK) {
    parser.push(text.slice(c, c + CHUNK));
    events += parser.takeBatch()?.count ?? 0;
  }
  parser.end();
  events += parser.takeBatch()?.count ?? 0;
  return events;
}

function countEvents(text: string): number {
  return parse(text);
}
