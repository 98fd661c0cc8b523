/**
 * vis-timeline keeps time as `Date`, i.e. whole milliseconds, while a packet's hops are
 * microseconds apart and perf script can print nanoseconds. So one vis "millisecond" stands for
 * one nanosecond of trace time, counted from the trace's first event: whole numbers keep full
 * precision, and a minute of capture (6e10) is far inside Date's range.
 */
export const VIS_PER_US = 1000;

export class VisTime {
  constructor(readonly originUs: number) {}

  toVis(us: number): number {
    return Math.round((us - this.originUs) * VIS_PER_US);
  }

  fromVis(v: number | Date): number {
    return v.valueOf() / VIS_PER_US + this.originUs;
  }

  /** A duration in µs as a vis duration. */
  static span(us: number): number {
    return us * VIS_PER_US;
  }
}
