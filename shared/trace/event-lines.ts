/**
 * The text of each event's line, by the byte offset the parser gave it: for in-process readers
 * (the CLI, tests, benchmarks) that want fields without a file to read them back from. Only event
 * lines are kept, so a huge line that is not an event costs nothing here, as in the parser.
 */
import type { LineSource } from './trace-table';

export class EventLines implements LineSource {
  private readonly offsets: number[] = [];
  private readonly lines: string[] = [];

  add(offset: number, line: string): void {
    this.offsets.push(offset);
    this.lines.push(line);
  }

  lineAt(offset: number): string {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.offsets[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return this.offsets[lo] === offset ? (this.lines[lo] as string) : '';
  }
}
