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
  /**
   * The buffer the column will move to, readied ahead (see prepareStep), and how many of its
   * values have been touched so far (counted afresh with each new buffer).
   */
  private next: A | null = null;
  private touched = 0;

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

  /**
   * Readies the buffer of `capacity` values the column will move to (by default, twice its own), up
   * to `bytes` more of it a call; true once it is ready for every value held now, so that reserve()
   * or trim() moves there at the cost of a copy. Writing to memory for the first time is what
   * costs (the system maps its pages then: on this VM, 80 ms for 32 MB, where the copy itself is
   * 2 ms), so a window that readies a few MB a task ahead of need never pays it in one go.
   */
  prepareStep(bytes: number, capacity = Math.max(this.data.length * 2, 16)): boolean {
    if (this.next?.length !== capacity) {
      this.next = this.allocate(capacity);
      this.touched = 0;
    }
    const values = Math.max(1, Math.floor(bytes / this.ctor.BYTES_PER_ELEMENT));
    const end = Math.min(this.touched + values, this.used, capacity);
    // Zeroes, where zeroes already are: only the touch counts.
    this.next.fill(0, this.touched, end);
    this.touched = Math.max(this.touched, end);
    return this.touched >= this.used;
  }

  /** Gives back the room kept for growth: a trace that has finished loading grows no more. */
  trim(): void {
    if (this.data.length === this.used) this.next = null;
    else this.moveTo(this.next?.length === this.used ? this.next : this.allocate(this.used));
  }

  /** trim(), its buffer readied `bytes` a call first (see prepareStep): true once trimmed. */
  trimStep(bytes: number): boolean {
    if (this.data.length !== this.used && !this.prepareStep(bytes, this.used)) return false;
    this.trim();
    return true;
  }

  /** Room for `needed` values in all, by doubling. */
  reserve(needed: number): void {
    if (needed <= this.data.length) return;
    if (this.next !== null && this.next.length >= needed) return this.moveTo(this.next);
    let capacity = Math.max(this.data.length * 2, 16);
    while (capacity < needed) capacity *= 2;
    this.moveTo(this.allocate(capacity));
  }

  /** The values move to `buffer`, the column's from now on; a buffer readied for another size is let go. */
  private moveTo(buffer: A): void {
    (buffer as unknown as { set(a: ArrayLike<number>): void }).set(this.data.subarray(0, this.used));
    this.data = buffer;
    this.next = null;
  }

  private allocate(length: number): A {
    return this.shared ? new this.ctor(new SharedArrayBuffer(length * this.ctor.BYTES_PER_ELEMENT)) : new this.ctor(length);
  }
}
