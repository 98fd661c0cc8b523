/**
 * Each event's line number in its source, kept in runs rather than one number per event: an
 * event's line is its index plus the lines before it that are not events (the header, perf's
 * messages, skipped lines), and that count changes only where such lines are, a few times in a
 * whole capture. Events are numbered in source order, so the count never goes down.
 */
import { GrowableColumn } from './growable-column';
import { upperBound } from './sorted-search';

export class LineNumbers {
  /** The first event of each run… */
  private readonly runStarts = new GrowableColumn(Uint32Array);
  /** …and how many lines before it are not events. */
  private readonly runSkipped = new GrowableColumn(Float64Array);

  /** The 1-based lines of events first, first + 1, …, in order. */
  append(first: number, lines: Int32Array): void {
    let skipped = this.runSkipped.length > 0 ? this.runSkipped.get(this.runSkipped.length - 1) : -1;
    for (let k = 0; k < lines.length; k++) {
      const e = first + k;
      const s = (lines[k] as number) - 1 - e;
      if (s !== skipped) {
        this.runStarts.push(e);
        this.runSkipped.push(s);
        skipped = s;
      }
    }
  }

  /** Event e's 1-based line. */
  lineOf(e: number): number {
    // The last run starting at or before e.
    const run = upperBound(this.runStarts.view(), e) - 1;
    return e + 1 + (run >= 0 ? this.runSkipped.get(run) : 0);
  }

  /** Gives back the room kept for growing. */
  trim(): void {
    this.runStarts.trim();
    this.runSkipped.trim();
  }
}
