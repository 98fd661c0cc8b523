/**
 * Parse throughput of the shared parser, bundled as the app runs it, in Node, next to the same
 * machine's baseline of only splitting the same text into lines: 1,000,000 synthetic events in each
 * of the four layouts, and the real tcp-bulk capture. Text goes in as the worker gets it (1 MiB
 * chunks, a batch taken after each), and each run times the baseline and the parser back to back on
 * the same string. Each case's text is made just before it is timed and let go after, so no case
 * runs beside hundreds of megabytes of the others' text and pays for the collector walking it.
 */
import { LAYOUTS, type Layout } from '../../shared/trace/event-batch';
import type { TraceParser } from '../../shared/trace/trace-parser';
import { readFixture } from '../support/fixtures';
import { syntheticTrace } from '../support/synthetic-trace';
import { type BenchReport, median } from './bench-report';
import { loadBundledParser } from './bundled-parser';

const EVENTS = 1_000_000;
const CHUNK = 1024 * 1024;
/** tcp-bulk is 2 MB: parsed this many times per run, so one run is long enough to time. */
const TCP_BULK_REPEATS = 25;
const WARM_UP_PASSES = 3;

const LAYOUT_KEYS: Record<Layout, string> = {
  'perf-trace': 'PerfTrace',
  'perf-trace-libtraceevent': 'Libtraceevent',
  'perf-trace-legacy': 'Legacy',
  'perf-script': 'PerfScript',
};

interface Timing {
  parseMs: number;
  splitMs: number;
  events: number;
}

export async function benchParse(report: BenchReport, runs: number): Promise<void> {
  const Parser = await loadBundledParser();
  const cases: { key: string; label: string; makeText: () => string; repeats: number }[] = LAYOUTS.map((layout) => ({
    key: LAYOUT_KEYS[layout],
    label: `1M events, ${layout}`,
    makeText: () => syntheticTrace({ events: EVENTS, seed: 1, layout }),
    repeats: 1,
  }));
  cases.push({ key: 'TcpBulk', label: `tcp-bulk capture ×${TCP_BULK_REPEATS}`, makeText: () => readFixture('tcp-bulk-20MB.btf.txt'), repeats: TCP_BULK_REPEATS });

  const mbps: { label: string; runs: number[] }[] = [];
  const ratios: { label: string; runs: number[] }[] = [];
  for (const c of cases) {
    const text = c.makeText();
    // Untimed passes first, so both are compiled before the clock runs: V8 keeps optimising the
    // parser over its first three passes or so (after one, the next ran at two thirds of the speed
    // of later ones). They also count the events.
    const events = time(Parser, text, 1).events * c.repeats;
    for (let warm = 1; warm < WARM_UP_PASSES; warm++) time(Parser, text, 1);
    const mb = (text.length * c.repeats) / 1e6;
    const timings = Array.from({ length: runs }, () => time(Parser, text, c.repeats));
    const caseMbps = { label: c.label, runs: timings.map((t) => mb / (t.parseMs / 1000)) };
    const caseRatios = { label: c.label, runs: timings.map((t) => t.splitMs / t.parseMs) };
    mbps.push(caseMbps);
    ratios.push(caseRatios);
    report.add({ key: `parse${c.key}MBps`, label: `parse ${c.label}`, unit: 'MB/s', runs: caseMbps.runs });
    report.add({ key: `parse${c.key}EventsPerSec`, label: `parse ${c.label}`, unit: 'ev/s', runs: timings.map((t) => events / (t.parseMs / 1000)) });
    report.add({ key: `lineSplit${c.key}MBps`, label: `only splitting lines, ${c.label}`, unit: 'MB/s', runs: timings.map((t) => mb / (t.splitMs / 1000)) });
    report.add({ key: `parse${c.key}RatioToLineSplit`, label: `parse / line split, ${c.label}`, unit: '×', runs: caseRatios.runs });
  }
  // The headline figures are the slowest case's, so no layout hides behind another: the case with
  // the lowest median (the lowest of each run instead would pick whichever case the machine
  // happened to slow down in that run, and sit below every case's median).
  const slowest = lowestMedian(mbps);
  report.add({ key: 'parseMBps', label: `parse, slowest case (${slowest.label})`, unit: 'MB/s', runs: slowest.runs });
  const lowestRatio = lowestMedian(ratios);
  report.add({ key: 'parseRatioToLineSplit', label: `parse / line split, lowest case (${lowestRatio.label})`, unit: '×', runs: lowestRatio.runs });
}

function lowestMedian(cases: { label: string; runs: number[] }[]): { label: string; runs: number[] } {
  return cases.reduce((low, c) => (median(c.runs) < median(low.runs) ? c : low));
}

function time(Parser: typeof TraceParser, text: string, repeats: number): Timing {
  let t0 = performance.now();
  let lines = 0;
  for (let i = 0; i < repeats; i++) lines += splitLines(text);
  const splitMs = performance.now() - t0;
  t0 = performance.now();
  let events = 0;
  for (let i = 0; i < repeats; i++) events += parse(Parser, text);
  const parseMs = performance.now() - t0;
  if (events === 0 || lines < events) throw new Error(`parse bench: ${events} events from ${lines} lines`);
  return { parseMs, splitMs, events };
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

function parse(Parser: typeof TraceParser, text: string): number {
  const parser = new Parser();
  let events = 0;
  for (let c = 0; c < text.length; c += CHUNK) {
    parser.push(text.slice(c, c + CHUNK));
    events += parser.takeBatch()?.count ?? 0;
  }
  parser.end();
  events += parser.takeBatch()?.count ?? 0;
  return events;
}
