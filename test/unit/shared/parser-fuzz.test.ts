/**
 * Hostile input: the parser reads files people send each other. Whatever the bytes, it must not
 * throw, must not grow without bound, and must still find every good line among the bad.
 */
import { describe, expect, it } from 'vitest';
import { TraceBuilder, traceFromText } from '../../../shared/trace/trace-builder';
import { FIXTURES, readFixture } from '../../support/fixtures';

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOOD = FIXTURES.filter((f) => f.events < 100).flatMap((f) => readFixture(f.file).split('\n').filter((l) => l.trim() !== ''));
const NASTY = ['\u0000', '\uFFFD', '(', ')', '"', '\\', ':', ',', '=', ' ', '\t', '\r', '0x', '-', '9'.repeat(40), 'ffff', 'é', '😀', '\u202e', '<img src=x onerror=alert(1)>'];

/** A good line, broken in one of the ways lines get broken. */
function mutate(line: string, rnd: () => number): string {
  const at = Math.floor(rnd() * line.length);
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return line.slice(0, at);
    case 1:
      return line.slice(0, at) + (NASTY[Math.floor(rnd() * NASTY.length)] ?? '') + line.slice(at);
    case 2:
      return line.slice(0, at) + line.slice(at + 1 + Math.floor(rnd() * 10));
    case 3:
      return line.replace(/\d+\.\d+/, String(rnd() < 0.5 ? 1e300 : -1));
    case 4:
      return line.replace(/len: \d+|len=\d+/, rnd() < 0.5 ? 'len: 99999999999999999999' : 'len=-0x7fffffffffff');
    default:
      return garbage(rnd);
  }
}

/** Characters from anywhere in the first planes: never a tracepoint line. */
function garbage(rnd: () => number): string {
  return Array.from({ length: 1 + Math.floor(rnd() * 80) }, () => String.fromCharCode(0x3a + Math.floor(rnd() * 0x3000))).join('');
}

describe('the parser under hostile input', () => {
  it('reads a million mutated and random lines without throwing, and finds every good line among them', () => {
    const rnd = random(20261125);
    const builder = new TraceBuilder();
    let good = 0;
    let lines = 0;
    let chunk = '';
    for (let i = 0; i < 1_000_000; i++) {
      const base = GOOD[Math.floor(rnd() * GOOD.length)] as string;
      // One line in ten is left good: each must come through as an event.
      const keep = rnd() < 0.1;
      const line = keep ? base : mutate(base, rnd);
      if (keep) good++;
      chunk += `${line.replace(/\n/g, ' ')}\n`;
      lines++;
      if (chunk.length > 1 << 16) {
        // Chunks cut anywhere, as a pipe would deliver them.
        const cut = Math.floor(rnd() * chunk.length);
        builder.push(chunk.slice(0, cut));
        builder.push(chunk.slice(cut));
        chunk = '';
      }
    }
    builder.push(chunk);
    builder.end();
    const { totals } = builder;
    expect(totals.lines).toBe(lines);
    expect(totals.events).toBeGreaterThanOrEqual(good);
    expect(totals.events + totals.skippedLines + totals.commentLines).toBeLessThanOrEqual(lines);
    expect(builder.skipped.length).toBeLessThanOrEqual(1000);
    // What was parsed is usable: sorted, rows and packets derived without a throw.
    const summary = builder.table.summary();
    expect(summary.events).toBe(totals.events);
    for (let k = 1; k < Math.min(builder.table.count, 5000); k++) {
      expect(builder.table.time(builder.table.sorted(k))).toBeGreaterThanOrEqual(builder.table.time(builder.table.sorted(k - 1)));
    }
    // A bound, not a timing: a million lines on a shared 2-core machine under load.
  }, 120_000);

  it('survives a 100 MB line with no newline, keeping memory bounded, then reads the next good line', () => {
    const builder = new TraceBuilder();
    const piece = 'x'.repeat(1 << 20);
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100; i++) builder.push(piece);
    const grown = process.memoryUsage().heapUsed - before;
    builder.push(`\n${GOOD[0]}\n`);
    builder.end();
    expect(builder.table.count).toBe(1);
    expect(builder.totals.skippedLines).toBe(1);
    // Not a hundred megabytes held: at most a line's worth, plus the garbage collector's slack.
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });

  it('reads binary garbage and invalid UTF-8 as text that is not events', () => {
    const rnd = random(7);
    const bytes = new Uint8Array(4 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
    const text = new TextDecoder('utf-8').decode(bytes);
    const builder = new TraceBuilder();
    for (let i = 0; i < text.length; i += 4096) builder.push(text.slice(i, i + 4096));
    builder.push(`\n${readFixture('ping-bridge-veth.btf.txt')}`);
    builder.end();
    expect(builder.table.count).toBe(20);
    expect(builder.table.summary().devices).toEqual(['docker0', 'vethb3f1c2a', 'eth0']);
  });

  it('keeps the events of every fixture when garbage is woven between their lines', () => {
    const rnd = random(99);
    for (const f of FIXTURES) {
      const woven = readFixture(f.file)
        .split('\n')
        .map((l) => `${l}\n${garbage(rnd)}`)
        .join('\n');
      const t = traceFromText(woven);
      expect(t.table.count, f.file).toBe(f.events);
      expect(t.table.summary().devices, f.file).toEqual(f.devices);
    }
  });
});
