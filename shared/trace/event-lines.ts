/**
 * The text of each event's line, by line number: for in-process readers (the CLI, tests,
 * benchmarks) that want fields without a file to read them back from. Only event lines are kept,
 * so a huge line that is not an event costs nothing here, as in the parser.
 */
import type { LineSource } from './trace-table';

export class EventLines implements LineSource {
  private readonly numbers: number[] = [];
  private readonly lines: string[] = [];

  add(lineNo: number, line: string): void {
    this.numbers.push(lineNo);
    this.lines.push(line);
  }

  lineAt(_offset: number, lineNo: number): string {
    let lo = 0;
    let hi = this.numbers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.numbers[mid] as number) < lineNo) lo = mid + 1;
      else hi = mid;
    }
    return this.numbers[lo] === lineNo ? (this.lines[lo] as string) : '';
  }
}
