/**
 * The events of one capture on their way to its renderer, in order. perf is never made to wait for
 * the renderer (a blocked perf loses events): while one event is in flight, the text that arrives
 * meanwhile is joined into the next, up to FILE_CHUNK_BYTES characters per event. perf trace writes
 * each event as it happens, so text is also gathered for GATHER_MS before it goes: one event per
 * line cost the window more in messages than in events.
 */
import { type ApiEvents, type CaptureEnded, FILE_CHUNK_BYTES } from '../../shared/api';
import type { EventSender } from './event-sender';

const GATHER_MS = 15;
/** Text this long goes at once. */
const GATHER_CHARS = 64 * 1024;

type Pending =
  | { name: 'captureChunk'; payload: ApiEvents['captureChunk'] }
  | { name: 'commandOutput'; payload: ApiEvents['commandOutput'] }
  | { name: 'captureEnded'; payload: CaptureEnded };

export class CaptureEvents {
  private readonly queue: Pending[] = [];
  private held = true;
  private sending = false;
  private gone = false;
  private lastBytes = 0;
  private readonly waiting: Array<() => void> = [];
  private gatherTimer: ReturnType<typeof setTimeout> | null = null;

  /** Nothing is sent before release(): the renderer must have the capture id before its events. */
  constructor(private readonly send: EventSender) {}

  release(): void {
    this.held = false;
    void this.pump();
  }

  /** perf's text; `bytes` counts perf's bytes up to its end. */
  chunk(captureId: string, text: string, bytes: number): void {
    const pieces = splitText(text);
    // Pieces of an overlong text get the bytes up to their own end.
    let before = Math.max(this.lastBytes, bytes - Buffer.byteLength(text));
    pieces.forEach((piece, i) => {
      before = i === pieces.length - 1 ? bytes : before + Buffer.byteLength(piece);
      this.add({ name: 'captureChunk', payload: { captureId, text: piece, bytes: before } });
    });
    this.lastBytes = bytes;
  }

  output(captureId: string, text: string): void {
    for (const piece of splitText(text)) this.add({ name: 'commandOutput', payload: { captureId, text: piece } });
  }

  ended(payload: CaptureEnded): void {
    this.add({ name: 'captureEnded', payload });
  }

  /** Settles once everything queued so far has been handed over, or the renderer is gone. */
  flushed(): Promise<void> {
    if (this.gone || (!this.sending && this.queue.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private add(item: Pending): void {
    if (this.gone) return;
    const last = this.queue[this.queue.length - 1];
    const fits = (a: { text: string }, b: { text: string }): boolean => a.text.length + b.text.length <= FILE_CHUNK_BYTES;
    if (last?.name === 'captureChunk' && item.name === 'captureChunk' && fits(last.payload, item.payload)) {
      last.payload.text += item.payload.text;
      last.payload.bytes = item.payload.bytes;
    } else if (last?.name === 'commandOutput' && item.name === 'commandOutput' && fits(last.payload, item.payload)) {
      last.payload.text += item.payload.text;
    } else {
      this.queue.push(item);
    }
    const waiting = this.queue[this.queue.length - 1];
    if (waiting?.name === 'captureChunk' && waiting.payload.text.length < GATHER_CHARS) this.pumpSoon();
    else void this.pump();
  }

  private pumpSoon(): void {
    this.gatherTimer ??= setTimeout(() => {
      this.gatherTimer = null;
      void this.pump();
    }, GATHER_MS);
  }

  private async pump(): Promise<void> {
    if (this.held || this.sending) return;
    this.sending = true;
    for (let item = this.queue.shift(); item && !this.gone; item = this.queue.shift()) {
      if (!(await this.send(item.name, item.payload))) {
        this.gone = true;
        this.queue.length = 0;
      }
    }
    this.sending = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** At most FILE_CHUNK_BYTES UTF-16 units per piece, never between the two halves of a surrogate pair. */
function splitText(text: string): string[] {
  if (text.length <= FILE_CHUNK_BYTES) return [text];
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + FILE_CHUNK_BYTES);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
