/** An event's line read back from the trace's text by its byte offset, as the details panel does. */
import { describe, expect, it } from 'vitest';
import { TraceText } from '../../../renderer/loading/trace-text';

const LINES = ['     0.001 pïng/1 net:net_dev_queue(skbaddr: 0x1, len: 98, name: "eth0")\r', `     0.002 ping/1 net:x(name: "${'v'.repeat(9000)}😀")`, 'last line without a newline'];
const TEXT = LINES.join('\n');
const OFFSETS = [0, Buffer.byteLength(`${LINES[0]}\n`), Buffer.byteLength(`${LINES[0]}\n${LINES[1]}\n`)];

describe('reading a line back from the trace text', () => {
  it('from a file the browser gave, at any line, long or not, without its CR', async () => {
    const text = new TraceText(new Blob([TEXT]));
    expect(await Promise.all(OFFSETS.map((o) => text.lineAt(o)))).toEqual(LINES.map((l) => l.replace(/\r$/, '')));
  });

  it('from text that arrived in parts (a capture, a backend file), cut anywhere', async () => {
    const text = new TraceText();
    for (let at = 0; at < TEXT.length; at += 1000) text.addPart(new Blob([TEXT.slice(at, at + 1000)]));
    expect(await text.lineAt(OFFSETS[1] as number)).toBe(LINES[1]);
    text.addPart(new Blob(['\nmore']));
    expect(await text.lineAt(OFFSETS[2] as number)).toBe(LINES[2]);
  });
});
