import { describe, expect, it } from 'vitest';
import { type SessionView, sessionHeader, sessionView, withoutSessionLines } from '../../../shared/session/session-file';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { readFixture } from '../../support/fixtures';

const view: SessionView = {
  range: { startUs: 120.5, endUs: 260.25 },
  selected: { packet: 1, skbaddr: '0xffff88810b474200', journey: 1, line: 14 },
  hiddenRows: ['eth0'],
  filters: { search: 'dev:eth0 dropped' },
};

describe('a session file', () => {
  const trace = readFixture('ping-bridge-veth.btf.txt');

  it('is the trace with two header lines in front, which give the view back', () => {
    const reopened = traceFromText(sessionHeader(view) + trace);
    expect(sessionView(reopened.metadata)).toEqual({ ok: true, value: view });
    expect(reopened.table.count).toBe(20);
    expect(reopened.totals.skippedLines).toBe(0);
  });

  it('keeps a long view whole', () => {
    const many = { ...view, hiddenRows: Array.from({ length: 500 }, (_, i) => `veth${i.toString(16).padStart(7, '0')}`) };
    expect(sessionView(traceFromText(sessionHeader(many) + trace).metadata)).toEqual({ ok: true, value: many });
  });

  it('opens a session saved before packets were told apart: the address selected, no packet of it', () => {
    const older = `# skbscope session : 1\n# skbscope view : {"range":{"startUs":1,"endUs":2},"selected":{"packet":1,"skbaddr":"0xffff88810b474200","line":14},"hiddenRows":[],"filters":{}}\n`;
    expect(sessionView(traceFromText(older + trace).metadata)).toEqual({
      ok: true,
      value: { range: { startUs: 1, endUs: 2 }, selected: { packet: 1, skbaddr: '0xffff88810b474200', journey: null, line: 14 }, hiddenRows: [], filters: {} },
    });
  });

  it('is no session at all when the header has no session line', () => {
    expect(sessionView(traceFromText(trace).metadata)).toBeNull();
  });

  it('says a newer Skbscope wrote it, and what to do', () => {
    const newer = sessionHeader(view).replace('session : 1', 'session : 7');
    const r = sessionView(traceFromText(newer + trace).metadata);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/newer Skbscope \(session format 7; this one reads format 1\)\. Update Skbscope/) });
  });

  it('says it is damaged when the view line is cut short, missing, or not a view', () => {
    const cut = sessionHeader(view).slice(0, 80);
    expect(sessionView(traceFromText(`${cut}\n${trace}`).metadata)).toMatchObject({ ok: false, error: expect.stringMatching(/not complete JSON/) });
    expect(sessionView(traceFromText(`# skbscope session : 1\n${trace}`).metadata)).toMatchObject({ ok: false, error: expect.stringMatching(/view line is missing/) });
    const wrong = `# skbscope session : 1\n# skbscope view : {"range":{"startUs":"soon"}}\n`;
    expect(sessionView(traceFromText(wrong + trace).metadata)).toMatchObject({ ok: false, error: expect.stringMatching(/damaged: view\.range\.startUs/) });
    expect(sessionView(traceFromText(`# skbscope session : one\n${trace}`).metadata)).toMatchObject({ ok: false, error: expect.stringMatching(/not a version number/) });
    // Far larger than any view Skbscope writes: refused in words, and the trace itself still reads.
    const huge = sessionHeader({ ...view, hiddenRows: Array.from({ length: 200_000 }, (_, i) => `veth${i}`) });
    const oversized = traceFromText(huge + trace);
    expect(sessionView(oversized.metadata)).toMatchObject({ ok: false, error: expect.stringMatching(/view line is missing, or longer than the 64 KiB a view may take/) });
    expect(oversized.table.count).toBe(20);
  });
});

describe('re-saving a session', () => {
  it('replaces the old view lines and leaves every other byte as it was', () => {
    const trace = `# captured on : 2026-11-25\n# hostname : h\n${readFixture('ping-bridge-veth.btf.txt')}`;
    const once = sessionHeader(view) + trace;
    const newer: SessionView = { ...view, hiddenRows: [] };
    const twice = sessionHeader(newer) + withoutSessionLines(once);
    expect(withoutSessionLines(once)).toBe(trace);
    expect(twice).toBe(sessionHeader(newer) + trace);
    expect(sessionView(traceFromText(twice).metadata)).toEqual({ ok: true, value: newer });
  });
});
