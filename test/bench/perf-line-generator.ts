/**
 * Stands in for a busy kernel in the live benchmark: run by perf as the traced command, it prints
 * perf trace lines on its standard error, which it shares with perf, so they take the real path
 * (perf's pipe, the backend, the transport, the worker, the loader) at a set rate. Timestamps are
 * milliseconds since `epochMs`, as perf prints them since its start. Every 10 ms it writes what is
 * due in one write, blocking as perf would on a full pipe, and logs `wallMs count` to the progress
 * file, so the benchmark can tell when each event was handed over.
 *
 *   perf-line-generator.ts RATE SECONDS EPOCH_MS PROGRESS_FILE
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { syntheticTrace } from '../support/synthetic-trace';

const [rate, seconds, epochMs] = process.argv.slice(2, 5).map(Number) as [number, number, number];
const progressPath = process.argv[5] as string;
const TICK_MS = 10;

/** Lines as perf trace prints them, without their time: `ping/9049 net:net_dev_queue(…)`. */
const tails = syntheticTrace({ events: 20_000, seed: 3 })
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => l.trimStart().slice(l.trimStart().indexOf(' ')));

const progress = openSync(progressPath, 'w');
const start = Date.now();
let written = 0;
let log = '';
while (Date.now() - start < seconds * 1000) {
  const due = Math.min(Math.floor(((Date.now() - start) * rate) / 1000), rate * seconds);
  if (due > written) {
    let text = '';
    for (; written < due; written++) {
      const ms = (Date.now() - epochMs).toFixed(3).padStart(10);
      text += `${ms}${tails[written % tails.length]}\n`;
    }
    writeAll(Buffer.from(text));
    log += `${Date.now()} ${written}\n`;
  }
  const next = start + Math.ceil((Date.now() - start + 1) / TICK_MS) * TICK_MS;
  while (Date.now() < next) sleep(next - Date.now());
}
writeSync(progress, log);
closeSync(progress);

/** Writes it all, waiting while the pipe is full (the pipe may be non-blocking: EAGAIN), as perf blocks on a full stderr. */
function writeAll(bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(2, bytes, at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      sleep(1);
    }
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
