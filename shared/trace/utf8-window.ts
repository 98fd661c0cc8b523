/**
 * A run of whole lines of the text being parsed, as UTF-8 bytes: the parser scans bytes (faster to
 * read than a string's char codes, and an event's offset in the source is counted in them) and
 * maps a byte back to its character only for the few lines it cuts out as strings. The encoding is
 * TextEncoder's, so a lone surrogate takes three bytes (U+FFFD), as in the file the text came from.
 */
interface Utf8Encoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
/** Every runtime shared code runs in (Node, workers, Chromium) has TextEncoder; the ES library it is typed against does not. */
const encoder = new (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder();

/** Characters per window. A longer line is too long to be a perf line anyway. */
export const WINDOW_CHARS = 256 * 1024;

export class Utf8Window {
  /**
   * The window's bytes, then a newline, then slack: scans may look a few bytes past a line's end.
   * Grown to what the text needs, up to WINDOW_CHARS: tests and tools make many parsers for a few lines each.
   */
  bytes = new Uint8Array(256);
  /** Bytes in the window. */
  length = 0;
  private text = '';
  /** Where the window starts in `text`. */
  private from = 0;
  /** Every character ASCII: a byte's index is its character's. */
  private ascii = true;
  /** A byte whose character index is known, so mapping goes on from there. */
  private knownByte = 0;
  private knownChar = 0;

  /** Loads `text[from, to)`: whole lines, the last ending in a newline, at most WINDOW_CHARS long. */
  load(text: string, from: number, to: number): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const room = (to - from) * 3 + 16;
    if (room > this.bytes.length) this.bytes = new Uint8Array(Math.min(Math.max(room, this.bytes.length * 2), WINDOW_CHARS * 3 + 16));
    const part = from === 0 && to === text.length ? text : text.slice(from, to);
    this.length = encoder.encodeInto(part, this.bytes).written;
    this.bytes[this.length] = 10;
    this.text = text;
    this.from = from;
    this.ascii = this.length === to - from;
    this.knownByte = 0;
    this.knownChar = from;
  }

  /** Lets go of the text once its lines are read: a parser outlives the chunks it was given. */
  release(): void {
    this.text = '';
  }

  /** The newline ending the line that starts at byte `start`; every line in a window has one. */
  lineEnd(start: number): number {
    // Where bytes are characters, the string's own search is the fastest there is.
    return this.ascii ? this.text.indexOf('\n', this.from + start) - this.from : this.bytes.indexOf(10, start);
  }

  /** The text from byte `start` to byte `end` (both at character boundaries). */
  slice(start: number, end: number): string {
    return this.text.slice(this.charAt(start), this.charAt(end));
  }

  /** Characters between two bytes (at character boundaries). */
  chars(start: number, end: number): number {
    return this.charAt(end) - this.charAt(start);
  }

  /** The index in the text of the character at byte `b`, counted on from the last one asked for. */
  charAt(b: number): number {
    if (this.ascii) return this.from + b;
    if (b < this.knownByte) {
      this.knownByte = 0;
      this.knownChar = this.from;
    }
    const bytes = this.bytes;
    let c = this.knownChar;
    for (let i = this.knownByte; i < b; i++) {
      const x = bytes[i] as number;
      // A lead byte starts a character; four bytes are a surrogate pair, two UTF-16 units.
      if ((x & 0xc0) !== 0x80) c += x >= 0xf0 ? 2 : 1;
    }
    this.knownByte = b;
    this.knownChar = c;
    return c;
  }
}
