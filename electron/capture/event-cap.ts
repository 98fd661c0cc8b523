/**
 * The capture's event cap, counted as main can without parsing: perf prints one line per event, so
 * newline bytes in its stream stand for events. Its few messages and whatever the traced command
 * writes to the shared standard error count too, which only ever stops a capture a little early.
 */
const NEWLINE = 0x0a;

export class EventCap {
  private lines = 0;

  constructor(private readonly max: number) {}

  /** Counts a chunk of perf's bytes; true once the cap has been reached (on this chunk or before). */
  count(chunk: Uint8Array): boolean {
    for (let i = chunk.indexOf(NEWLINE); i !== -1 && this.lines < this.max; i = chunk.indexOf(NEWLINE, i + 1)) this.lines++;
    return this.lines >= this.max;
  }
}
