/**
 * In the parsing worker: the text of a trace the page does not hold as a file (a capture, a file
 * the backend reads), gathered into Blob parts for reading lines back later. Making a Blob costs a
 * trip to the browser's blob store, which at a live capture's 100,000 events a second was the
 * window's busiest work; here it is off the window's thread, once per MiB or PART_MS.
 */
const PART_CHARS = 1024 * 1024;
/** The newest text becomes readable within this long. */
const PART_MS = 250;

export class TextParts {
  private gathering: (string | Uint8Array<ArrayBuffer>)[] = [];
  private gathered = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly hand: (part: Blob) => void) {}

  /** Text as it came: characters, or UTF-8 bytes (kept as they are). */
  add(text: string | Uint8Array<ArrayBuffer>): void {
    this.gathering.push(text);
    this.gathered += text.length;
    if (this.gathered >= PART_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), PART_MS);
  }

  /** Hands on what is gathered (the text has ended, or waited long enough). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.gathering.length === 0) return;
    this.hand(new Blob(this.gathering));
    this.gathering = [];
    this.gathered = 0;
  }

  /** A new job: what was gathered for the old one is dropped. */
  drop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.gathering = [];
    this.gathered = 0;
  }
}
