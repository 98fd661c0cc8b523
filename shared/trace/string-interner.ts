/**
 * Each distinct string (event name, device, skbaddr, comm) is stored once and referred to by
 * index. New strings are handed on with each batch, so the reader's table grows in step.
 */
export class StringInterner {
  private readonly index = new Map<string, number>();
  private fresh: string[] = [];

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(s, i);
      this.fresh.push(s);
    }
    return i;
  }

  /** Strings added since the last call, in index order. */
  takeNew(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}
