/**
 * perf's own lines among its events (and the traced command's errors, which share perf's standard
 * error), kept to tell what went wrong. The shared line parser says which lines are events; this
 * only classifies, it builds no trace.
 */
import { parseLine } from '../../shared/trace/parse-line';

/** Errors come first (a refused event) or last (a failure while running): keep both ends. */
const KEEP_FIRST = 50;
const KEEP_LAST = 50;
const MAX_LINE_CHARS = 1000;
/** Longer than any real line: a run of text without a newline is not a message worth holding. */
const MAX_PENDING_CHARS = 64 * 1024;

export class PerfMessages {
  private readonly first: string[] = [];
  private last: string[] = [];
  private pending = '';

  push(text: string): void {
    const parts = (this.pending + text).split('\n');
    this.pending = (parts.pop() ?? '').slice(-MAX_PENDING_CHARS);
    for (const line of parts) this.see(line);
  }

  end(): void {
    if (this.pending !== '') this.see(this.pending);
    this.pending = '';
  }

  /** The lines kept, in order (with a gap in the middle when there were many). */
  get lines(): string[] {
    return [...this.first, ...this.last];
  }

  private see(raw: string): void {
    const line = raw.replace(/\r$/, '');
    const kind = parseLine(line).kind;
    if (kind === 'event' || kind === 'blank') return;
    const kept = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
    if (this.first.length < KEEP_FIRST) this.first.push(kept);
    else {
      this.last.push(kept);
      if (this.last.length > KEEP_LAST) this.last = this.last.slice(-KEEP_LAST);
    }
  }
}
