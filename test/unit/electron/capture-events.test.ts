import { describe, expect, it } from 'vitest';
import { type ApiEvents, type EventName, FILE_CHUNK_BYTES } from '../../../shared/api';
import { parseEventPayload } from '../../../shared/api-validate';
import { CaptureEvents } from '../../../electron/backend/capture-events';

interface Sent {
  name: EventName;
  payload: ApiEvents[EventName];
}

/** A transport that takes one event at a time, when the test lets it. */
function slowTransport() {
  const sent: Sent[] = [];
  let release: (() => void) | null = null;
  return {
    sent,
    send: async <N extends EventName>(name: N, payload: ApiEvents[N]): Promise<boolean> => {
      // A copy: the queue may still add to what it has not handed over.
      sent.push({ name, payload: structuredClone(payload) });
      await new Promise<void>((resolve) => (release = resolve));
      return true;
    },
    next: () => {
      const r = release;
      release = null;
      r?.();
    },
  };
}

const ended = { captureId: 'c', outcome: 'finished' as const, exitCode: 0, signal: null, bytes: 6, problem: null };

describe('CaptureEvents', () => {
  it('sends nothing before release, then everything in order', async () => {
    const sent: Sent[] = [];
    const events = new CaptureEvents(async (name, payload) => (sent.push({ name, payload }), true));
    events.chunk('c', '# header\n', 0);
    events.output('c', 'PING\n');
    events.chunk('c', 'abc', 3);
    events.ended(ended);
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([]);
    events.release();
    await events.flushed();
    expect(sent.map((e) => e.name)).toEqual(['captureChunk', 'commandOutput', 'captureChunk', 'captureEnded']);
    for (const e of sent) expect(parseEventPayload(e.name, e.payload).ok).toBe(true);
  });

  it('joins text that arrives while an event is in flight, never past ended', async () => {
    const t = slowTransport();
    const events = new CaptureEvents(t.send);
    events.release();
    events.chunk('c', '# h\n', 0);
    await new Promise((r) => setTimeout(r, 40));
    // The header is in flight; these wait and are joined.
    events.chunk('c', 'ab', 2);
    events.chunk('c', 'cd', 4);
    events.chunk('c', 'ef', 6);
    events.ended(ended);
    events.chunk('c', 'never joined into ended', 6);
    const done = events.flushed();
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 1));
      t.next();
    }
    await done;
    expect(t.sent).toEqual([
      { name: 'captureChunk', payload: { captureId: 'c', text: '# h\n', bytes: 0 } },
      { name: 'captureChunk', payload: { captureId: 'c', text: 'abcdef', bytes: 6 } },
      { name: 'captureEnded', payload: ended },
      { name: 'captureChunk', payload: { captureId: 'c', text: 'never joined into ended', bytes: 6 } },
    ]);
  });

  it('gathers a trickle of lines (perf trace writes each event on its own) into one event, and sends a large text at once', async () => {
    const sent: Sent[] = [];
    const events = new CaptureEvents(async (name, payload) => (sent.push({ name, payload }), true));
    events.release();
    for (let i = 0; i < 20; i++) events.chunk('c', `line ${i}\n`, 8 * (i + 1));
    expect(sent).toEqual([]);
    await events.flushed();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.payload).toMatchObject({ text: Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join(''), bytes: 160 });
    events.chunk('c', 'x'.repeat(70_000), 70_160);
    expect(sent).toHaveLength(2);
  });

  it('keeps each event within the contract’s size, splitting between characters', async () => {
    const sent: Sent[] = [];
    const events = new CaptureEvents(async (name, payload) => (sent.push({ name, payload }), true));
    events.release();
    // 𝄞 is two UTF-16 units; put one across the limit.
    const text = `${'a'.repeat(FILE_CHUNK_BYTES - 1)}𝄞${'b'.repeat(10)}`;
    const bytes = Buffer.byteLength(text);
    events.chunk('c', text, bytes);
    await events.flushed();
    const texts = sent.map((e) => ('text' in e.payload ? e.payload.text : ''));
    expect(texts.join('')).toBe(text);
    expect(texts[0]).toHaveLength(FILE_CHUNK_BYTES - 1);
    for (const e of sent) expect(parseEventPayload(e.name, e.payload).ok).toBe(true);
    const counts = sent.map((e) => ('bytes' in e.payload ? e.payload.bytes : -1));
    expect(counts).toEqual([FILE_CHUNK_BYTES - 1, bytes]);
  });

  it('drops what is left once the renderer is gone', async () => {
    const sent: EventName[] = [];
    const events = new CaptureEvents(async (name) => (sent.push(name), false));
    events.release();
    events.chunk('c', 'a', 1);
    events.chunk('c', 'b', 2);
    await events.flushed();
    events.ended(ended);
    await events.flushed();
    expect(sent).toEqual(['captureChunk']);
  });
});
