/**
 * Where a trace's text can be read back from, so the table keeps no string per event: an event's
 * line is read at the byte offset the parser gave it when its fields are shown. A file the browser
 * handed over (or a sample) is its own Blob; text that came from the backend (a file it granted, a
 * capture) is kept as the Blob parts the parsing worker makes of it as it goes (text-parts.ts),
 * which the browser holds outside the page's heap and the window never spends time making.
 */

/** perf lines are far shorter; a line is read in pieces of this many bytes until its newline. */
const READ_BYTES = 4096;
const MAX_LINE_BYTES = 64 * 1024;
/** The worker hands on the newest text at least this often; a line not there yet is asked for again once. */
const NEWEST_TEXT_MS = 300;

export class TraceText {
  private parts: Blob[] = [];
  private whole: Blob | null;

  /** `blob`: the text as a whole; without it, addPart() collects the text as it arrives. */
  constructor(blob: Blob | null = null) {
    this.whole = blob;
  }

  addPart(part: Blob): void {
    this.parts.push(part);
    this.whole = null;
  }

  /** The line starting at `offset` (UTF-8 bytes), without its line terminator. */
  async lineAt(offset: number): Promise<string> {
    if (offset >= this.blob().size) await new Promise((resolve) => setTimeout(resolve, NEWEST_TEXT_MS));
    const blob = this.blob();
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

  private blob(): Blob {
    return (this.whole ??= new Blob(this.parts));
  }
}
