/** How benchmarks report: one JSON object per figure as it is measured, a table at the end, and with --json one object of all medians last. */

export interface Figure {
  key: string;
  /** What it measures, for the table. */
  label: string;
  unit: string;
  /** Every run's value, in the order measured. */
  runs: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export class BenchReport {
  private readonly figures: Figure[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
    console.log(JSON.stringify({ figure: figure.key, label: figure.label, unit: figure.unit, median: round(median(figure.runs)), runs: figure.runs.map(round) }));
  }

  finish(json: boolean): void {
    const width = Math.max(...this.figures.map((f) => f.label.length), 6);
    console.log('');
    console.log(`${'figure'.padEnd(width)}  ${'median'.padStart(12)}  unit   runs`);
    for (const f of this.figures) {
      console.log(`${f.label.padEnd(width)}  ${String(round(median(f.runs))).padStart(12)}  ${f.unit.padEnd(5)}  ${f.runs.map(round).join(', ')}`);
    }
    if (json) console.log(JSON.stringify(Object.fromEntries(this.figures.map((f) => [f.key, round(median(f.runs))]))));
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
