/** Parser and table in one place, for readers that parse in-process (the CLI, tests, benchmarks). */
import type { SkippedLine } from './event-batch';
import type { ParseTotals } from './parse-stats';
import { EventLines } from './event-lines';
import { type TraceMetadata, TraceParser } from './trace-parser';
import { TraceTable, type TraceTableOptions } from './trace-table';

export class TraceBuilder {
  readonly table: TraceTable;
  /** Event lines by offset, so table.fields() can read them back (the table keeps no fields). */
  private readonly lines = new EventLines();
  private readonly parser = new TraceParser(this.lines);

  constructor(options: TraceTableOptions = {}) {
    this.table = new TraceTable(options);
    this.table.attachSource(this.lines);
  }

  push(text: string): void {
    this.parser.push(text);
    this.drain();
  }

  end(): this {
    this.parser.end();
    this.drain();
    this.table.settle();
    return this;
  }

  get totals(): ParseTotals {
    return this.parser.stats();
  }

  get metadata(): TraceMetadata {
    return this.parser.metadata;
  }

  get skipped(): readonly SkippedLine[] {
    return this.parser.skipped;
  }

  private drain(): void {
    const batch = this.parser.takeBatch();
    if (batch) this.table.append(batch);
  }
}

export function traceFromText(text: string, options: TraceTableOptions = {}): TraceBuilder {
  const builder = new TraceBuilder(options);
  builder.push(text);
  return builder.end();
}
