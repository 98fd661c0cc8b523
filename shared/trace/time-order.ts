/**
 * A table's events in time order (ties in index order), one at a time: merged from its rows, which
 * the table already keeps in that order, rather than sorted whole. Sorting a million events took
 * the window a third of a second in one piece and kept four bytes per event afterwards; the merge
 * goes as far as asked each time and leaves nothing behind. For a table that may grow meanwhile
 * (a live capture), each row is copied when the order is made, so appends cannot shift it; events
 * not yet given a row then (held back for reordering) are not in it. A whole table's rows no longer
 * change in place (compacting moves them to new memory), so they are read where they lie.
 */
import { NONE } from './event-batch';
import type { TraceTable } from './trace-table';

export class TimeOrder {
  private readonly rows: Uint32Array[] = [];
  /** Each row's next position. */
  private readonly at: Uint32Array;
  /** A min-heap of rows by their next event's (time, index). */
  private readonly heap: Uint32Array;
  private size = 0;
  /** The times as the table has them now: a column that grows later keeps these values for these events. */
  private readonly times: Float64Array;

  constructor(table: TraceTable, growing = true) {
    this.times = table.timeColumn();
    const rowCount = table.rows().length;
    for (let r = 0; r < rowCount; r++) {
      const row = table.rowEvents(r);
      this.rows.push(growing ? row.slice() : row);
    }
    this.at = new Uint32Array(rowCount);
    this.heap = new Uint32Array(rowCount);
    for (let r = 0; r < rowCount; r++) if ((this.rows[r] as Uint32Array).length > 0) this.push(r);
  }

  /** The next event, or NONE once every event is out. */
  next(): number {
    if (this.size === 0) return NONE;
    const r = this.heap[0] as number;
    const row = this.rows[r] as Uint32Array;
    const e = row[this.at[r] as number] as number;
    this.at[r] = (this.at[r] as number) + 1;
    if ((this.at[r] as number) < row.length) this.siftDown(0);
    else {
      this.size--;
      if (this.size > 0) {
        this.heap[0] = this.heap[this.size] as number;
        this.siftDown(0);
      }
    }
    return e;
  }

  /** Whether row a's next event comes before row b's. */
  private before(a: number, b: number): boolean {
    const ea = (this.rows[a] as Uint32Array)[this.at[a] as number] as number;
    const eb = (this.rows[b] as Uint32Array)[this.at[b] as number] as number;
    const ta = this.times[ea] as number;
    const tb = this.times[eb] as number;
    return ta < tb || (ta === tb && ea < eb);
  }

  private push(r: number): void {
    let i = this.size++;
    this.heap[i] = r;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.heap[i] as number, this.heap[parent] as number)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.before(this.heap[right] as number, this.heap[left] as number) ? right : left;
      if (!this.before(this.heap[child] as number, this.heap[i] as number)) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i] as number;
    this.heap[i] = this.heap[j] as number;
    this.heap[j] = t;
  }
}
