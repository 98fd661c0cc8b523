/**
 * Where a trace's text can be read back from, so the table keeps no string per event: an event's
 * line is read at the byte offset the parser gave it when its fields are shown. A file the browser
 * handed over (or a sample) is its own Blob; text that came from the backend (a file it granted, a
 * capture) is kept as Blob parts as it arrives, which the browser holds outside the page's heap.
 */

/** perf lines are far shorter; a line is read in pieces of this many bytes until its newline. */
const READ_BYTES = 4096;
const MAX_LINE_BYTES = 64 * 1024;
/**
 * Text is gathered into one Blob part per this many characters: a Blob per chunk costs a trip to
 * the browser's blob store each, which a live capture's hundred small chunks a second made the
 * window's busiest work.
 */
const PART_CHARS = 1024 * 1024;

export class TraceText {
  private parts: Blob[] = [];
  private gathering: string[] = [];
  private gathered = 0;
  private whole: Blob | null;

  /** `blob`: the text as a whole; without it, append() collects the text as it arrives. */
  constructor(blob: Blob | null = null) {
    this.whole = blob;
  }

  append(text: string): void {
    this.gathering.push(text);
    this.gathered += text.length;
    this.whole = null;
    if (this.gathered >= PART_CHARS) this.closePart();
  }

  /** The line starting at `offset` (UTF-8 bytes), without its line terminator. */
  async lineAt(offset: number): Promise<string> {
    if (this.gathering.length > 0) this.closePart();
    const blob = (this.whole ??= new Blob(this.parts));
    const decoder = new TextDecoder('utf-8');
    let line = '';
    for (let at = offset; at < blob.size && at - offset < MAX_LINE_BYTES; at += READ_BYTES) {
      const bytes = new Uint8Array(await blob.slice(at, at + READ_BYTES).arrayBuffer());
      const nl = bytes.indexOf(10);
      line += decoder.decode(nl < 0 ? bytes : bytes.subarray(0, nl), { stream: nl < 0 });
      if (nl >= 0) break;
    }
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  private closePart(): void {
    this.parts.push(new Blob(this.gathering));
    this.gathering = [];
    this.gathered = 0;
  }
}
