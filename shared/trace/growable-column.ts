/**
 * Typed-array columns that grow by doubling, so millions of appends stay amortised O(1).
 *
 * A shared column keeps its values in SharedArrayBuffers, so a worker can read them where they
 * lie (binning reads the times and rows off the page's thread) without a copy. It only ever
 * appends past what a reader was given, or moves to a new buffer when it grows, except for an
 * insert or a sort in place, which a concurrent reader may see half done: such readers redo their
 * work on the table's next revision.
 */

type NumericArray = Float64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Uint8Array;
type NumericArrayCtor<A extends NumericArray> = {
  new (length: number): A;
  new (buffer: SharedArrayBuffer): A;
  readonly BYTES_PER_ELEMENT: number;
};

export class GrowableColumn<A extends NumericArray> {
  private data: A;
  private used = 0;

  constructor(
    private readonly ctor: NumericArrayCtor<A>,
    initialCapacity = 64,
    private readonly shared = false,
  ) {
    this.data = this.allocate(initialCapacity);
  }

  /** Values it has room for before it must move to a larger buffer. */
  get capacity(): number {
    return this.data.length;
  }

  get length(): number {
    return this.used;
  }

  /** The live prefix; a view, valid until the next append. */
  view(): A {
    return this.data.subarray(0, this.used) as A;
  }

  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  push(value: number): void {
    this.reserve(this.used + 1);
    this.data[this.used++] = value;
  }

  pushAll(values: ArrayLike<number> & { length: number }): void {
    this.reserve(this.used + values.length);
    (this.data as unknown as { set(a: ArrayLike<number>, offset: number): void }).set(values, this.used);
    this.used += values.length;
  }

  truncate(length: number): void {
    this.used = Math.min(this.used, length);
  }

  /**
   * Room for `extra` more values, and the array to write them into at length…length+extra-1 (then
   * setLength): hot loops write typed arrays of one kind each, where push() is shared by all kinds.
   */
  reserveRaw(extra: number): A {
    this.reserve(this.used + extra);
    return this.data;
  }

  setLength(length: number): void {
    this.used = length;
  }

  /** Inserts `value` at `index`, moving the ones after it up by one. */
  insert(index: number, value: number): void {
    this.reserve(this.used + 1);
    this.data.copyWithin(index + 1, index, this.used);
    this.data[index] = value;
    this.used++;
  }

  /** Gives back the room kept for growth: a trace that has finished loading grows no more. */
  trim(): void {
    if (this.data.length === this.used) return;
    const exact = this.allocate(this.used);
    (exact as unknown as { set(a: ArrayLike<number>): void }).set(this.data.subarray(0, this.used));
    this.data = exact;
  }

  /** Room for `needed` values in all, by doubling. */
  reserve(needed: number): void {
    if (needed <= this.data.length) return;
    let capacity = Math.max(this.data.length * 2, 16);
    while (capacity < needed) capacity *= 2;
    const next = this.allocate(capacity);
    (next as unknown as { set(a: ArrayLike<number>): void }).set(this.data.subarray(0, this.used));
    this.data = next;
  }

  private allocate(length: number): A {
    return this.shared ? new this.ctor(new SharedArrayBuffer(length * this.ctor.BYTES_PER_ELEMENT)) : new this.ctor(length);
  }
}
