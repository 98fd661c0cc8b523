/** Typed-array columns that grow by doubling, so millions of appends stay amortised O(1). */

type NumericArray = Float64Array | Int32Array | Uint32Array | Uint8Array;
type NumericArrayCtor<A extends NumericArray> = { new (length: number): A };

export class GrowableColumn<A extends NumericArray> {
  private data: A;
  private used = 0;

  constructor(
    private readonly ctor: NumericArrayCtor<A>,
    initialCapacity = 1024,
  ) {
    this.data = new ctor(initialCapacity);
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

  private reserve(needed: number): void {
    if (needed <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new this.ctor(capacity);
    (next as unknown as { set(a: ArrayLike<number>): void }).set(this.data.subarray(0, this.used));
    this.data = next;
  }
}
