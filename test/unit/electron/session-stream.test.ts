/**
 * A session's trace streamed without the session lines of an earlier save: the same bytes the
 * renderer's withoutSessionLines keeps, however the file arrives in pieces, invalid UTF-8 and
 * lines far longer than what is looked at included.
 */
import { describe, expect, it } from 'vitest';
import { sessionHeader, withoutSessionLines } from '../../../shared/session/session-file';
import { withoutOldSessionLines } from '../../../electron/backend/session-stream';

const VIEW = { range: { startUs: 1, endUs: 2 }, selected: null, hiddenRows: ['eth0'], filters: {} };
const OLD_SESSION = sessionHeader(VIEW);
const CAPTURE_HEADER = '# ========\n# captured on : 2026-11-25T13:00:00.000Z\n# hostname : web-1\n# ========\n';
const EVENTS = '     0.000 ping/1 net:netif_rx(skbaddr: 0x1, len: 84, name: "eth0")\n# skbscope view : {"kept":"not in the header"}\n';

async function streamed(bytes: Buffer, pieceSizes: (i: number) => number): Promise<Buffer> {
  async function* pieces(): AsyncGenerator<Buffer> {
    for (let pos = 0, i = 0; pos < bytes.length; i++) {
      const size = Math.max(1, pieceSizes(i));
      yield bytes.subarray(pos, pos + size);
      pos += size;
    }
  }
  const out: Buffer[] = [];
  for await (const chunk of withoutOldSessionLines(pieces())) out.push(chunk);
  return Buffer.concat(out);
}

/** What the renderer keeps of the same bytes (latin1 maps every byte to one character and back). */
const expected = (bytes: Buffer): Buffer => Buffer.from(withoutSessionLines(bytes.toString('latin1')), 'latin1');

describe('withoutOldSessionLines', () => {
  const samples: Record<string, Buffer> = {
    'a session saved once': Buffer.from(OLD_SESSION + CAPTURE_HEADER + EVENTS),
    'session lines among the capture header': Buffer.from(CAPTURE_HEADER.replace('# hostname', `${OLD_SESSION}# hostname`) + EVENTS),
    'a plain trace': Buffer.from(CAPTURE_HEADER + EVENTS),
    'no header at all': Buffer.from(EVENTS),
    'a last line without a newline': Buffer.from(`${OLD_SESSION}# skbscope view : {}`),
    'a short header line without a newline': Buffer.from('# hostname : x'),
    'invalid UTF-8 and a split character': Buffer.concat([Buffer.from(OLD_SESSION), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]), Buffer.from('# dev : µ\n\xff\n', 'utf8'), Buffer.from([0xc3])]),
    'blank line ends the header': Buffer.from(`# a : 1\n\n${OLD_SESSION}`),
    'a long view line and a long plain header line': Buffer.from(
      `# skbscope session : 1\n# skbscope view : ${JSON.stringify({ ...VIEW, hiddenRows: Array.from({ length: 5000 }, (_, i) => `dev${i}`) })}\n# note : ${'x'.repeat(10_000)}\n${EVENTS}`,
    ),
  };

  for (const [name, bytes] of Object.entries(samples)) {
    it(`keeps what the renderer keeps, however it is cut: ${name}`, async () => {
      const want = expected(bytes);
      expect(await streamed(bytes, () => bytes.length)).toEqual(want);
      expect(await streamed(bytes, () => 1)).toEqual(want);
      expect(await streamed(bytes, (i) => [7, 1, 300, 2, 64 * 1024][i % 5] ?? 1)).toEqual(want);
    });
  }

  it('drops exactly the old session lines, and never looks past the header', async () => {
    const bytes = Buffer.from(OLD_SESSION + CAPTURE_HEADER + EVENTS);
    expect((await streamed(bytes, () => 5)).toString('utf8')).toBe(CAPTURE_HEADER + EVENTS);
  });
});
