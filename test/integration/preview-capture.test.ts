/**
 * Captures through the browser preview with this machine's perf: as root, started over the
 * WebSocket, its text fetched from its textUrl, and downloaded; and as a user perf refuses, told
 * so in plain words.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../shared/api';
import { parseEventPayload, parseRequestResult } from '../../shared/api-validate';
import { DEFAULT_MAX_EVENTS } from '../../shared/capture/capture-settings';
import { traceFromText } from '../../shared/trace/trace-builder';
import { type PreviewServer, startPreviewServer } from '../../electron/preview/preview-server';
import { missingForCaptures } from '../support/capture-requirements';
import { missingBuild, startPreview } from '../support/preview';
import { exchange, fakeRendererBuild, httpGet, openSocket, originOf, recordMessages } from '../support/preview-harness';
import { expectNoneLeft, markedEnv } from '../support/processes';
import { requireOrSkip } from '../support/requirements';

const canCapture = requireOrSkip(missingForCaptures());
const NOBODY = 65534;

let nextId = 1;
async function request(ws: import('ws').WebSocket, method: string, params: unknown): Promise<unknown> {
  const reply = await exchange(ws, JSON.stringify({ kind: 'request', id: nextId++, method, params }));
  if (reply.kind !== 'response' || !reply.ok) throw new Error(`${method} failed: ${JSON.stringify(reply)}`);
  return reply.result;
}

type EventMessage = Extract<WireMessage, { kind: 'event' }>;

function eventsIn(messages: WireMessage[]): EventMessage[] {
  return messages.filter((m): m is EventMessage => m.kind === 'event');
}

function endedIn(messages: WireMessage[]): boolean {
  return eventsIn(messages).some((m) => m.name === 'captureEnded');
}

describe.runIf(canCapture)('a capture in the browser preview', () => {
  let root: string;
  let server: PreviewServer;
  let mark: string;

  beforeAll(async () => {
    let rendererDir: string;
    ({ root, rendererDir } = await fakeRendererBuild());
    const marked = markedEnv();
    mark = marked.mark;
    server = await startPreviewServer({ port: 0, rendererDir, files: [], version: '1.2.3', captureTarget: { env: marked.env } });
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('offers its text at /live/<id>/capture.txt as it is written and downloads from /captures/<id>/<name>, to the token holder only', async () => {
    const page = await httpGet(server.port, `/?token=${server.token}`);
    const cookie = (page.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: originOf(server.port) });
    const messages = recordMessages(ws);
    const started = parseRequestResult(
      'startCapture',
      await request(ws, 'startCapture', {
        target: { kind: 'local' },
        settings: { events: ['net:net_dev_queue'], filters: {}, mode: { kind: 'command', argv: ['ping', '-c1', '-W2', '127.0.0.1'] }, maxEvents: DEFAULT_MAX_EVENTS },
        elevate: false,
      }),
    );
    if (!started.ok) throw new Error(started.error);
    const { captureId, textUrl } = started.value;
    expect(textUrl).toBe(`/live/${captureId}/capture.txt`);
    // Fetched while perf runs, it ends only when the capture has.
    const live = httpGet(server.port, textUrl ?? '', { cookie });
    await expect.poll(() => endedIn(messages), { timeout: 10_000 }).toBe(true);
    const fetched = await live;
    expect(fetched.status).toBe(200);
    const text = fetched.body;

    const events = eventsIn(messages);
    for (const e of events) expect(parseEventPayload(e.name, e.payload).ok).toBe(true);
    const ended = events.find((e) => e.name === 'captureEnded');
    expect(ended?.payload).toMatchObject({ captureId, outcome: 'finished', exitCode: 0, problem: null });
    // The text is not sent over the WebSocket too.
    expect(events.filter((e) => e.name === 'captureChunk')).toEqual([]);
    // The header, then what perf saw of the ping: its packets queued on lo.
    expect(text).toMatch(/^# ========\n[\s\S]*\n# cmdline : perf trace --no-syscalls -e net:net_dev_queue -- ping -c1 -W2 127\.0\.0\.1\n/);
    const trace = traceFromText(text);
    expect(trace.table.summary().devices).toEqual(['lo']);
    expect(trace.totals.skippedLines).toBe(0);

    const saved = parseRequestResult('saveCapture', await request(ws, 'saveCapture', { captureId, suggestedName: 'ping "µ".txt' }));
    const url = `/captures/${captureId}/ping%20%22%C2%B5%22.txt`;
    expect(saved).toEqual({ ok: true, value: { kind: 'download', url, name: 'ping "µ".txt' } });

    const download = await httpGet(server.port, url, { cookie });
    expect(download.status).toBe(200);
    expect(download.body).toBe(text);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="ping ___.txt"; filename*=UTF-8''ping%20%22%C2%B5%22.txt`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    expect((await httpGet(server.port, url)).status).toBe(403);
    expect((await httpGet(server.port, textUrl ?? '')).status).toBe(403);
    expect((await httpGet(server.port, `/captures/${'0'.repeat(32)}/x.txt`, { cookie })).status).toBe(404);

    // The capture goes with its page.
    ws.close();
    await expect.poll(async () => (await httpGet(server.port, url, { cookie })).status, { timeout: 5000 }).toBe(404);
    expect((await httpGet(server.port, textUrl ?? '', { cookie })).status).toBe(404);
    await expectNoneLeft(mark);
  });
});

describe.runIf(requireOrSkip(missingForCaptures() ?? missingBuild()))('a capture in the browser preview run by a user', () => {
  it('reports perf’s refusal in plain words, with what it said', async () => {
    const { mark, env } = markedEnv();
    // `npm run web`'s server as nobody, whom perf may not let trace.
    const preview = await startPreview([], env, { asUser: NOBODY });
    try {
      const ws = await openSocket(`ws://127.0.0.1:${preview.port}/ws?token=${preview.token}`, { origin: originOf(preview.port) });
      const messages = recordMessages(ws);
      const target = parseRequestResult('captureTarget', await request(ws, 'captureTarget', { target: { kind: 'local' } }));
      if (!target.ok) throw new Error(target.error);
      expect(target.value.isRoot).toBe(false);
      const started = parseRequestResult(
        'startCapture',
        await request(ws, 'startCapture', { target: { kind: 'local' }, settings: { events: ['net:*'], filters: {}, mode: { kind: 'command', argv: ['true'] }, maxEvents: DEFAULT_MAX_EVENTS }, elevate: false }),
      );
      if (!started.ok) throw new Error(started.error);
      await expect.poll(() => endedIn(messages), { timeout: 10_000 }).toBe(true);

      const ended = parseEventPayload('captureEnded', eventsIn(messages).find((e) => e.name === 'captureEnded')?.payload);
      if (!ended.ok) throw new Error(ended.error);
      // perf's usage error status, after it said which tracefs folder it may not read.
      expect(ended.value).toMatchObject({ captureId: started.value.captureId, outcome: 'failed', exitCode: 129, signal: null });
      const problem = ended.value.problem;
      const said = /No permissions to read \/sys\/kernel\/(?:debug\/)?tracing\/events\/net\/\*/;
      expect(problem).toMatchObject({ kind: 'permission', canElevate: target.value.canElevate });
      expect(problem?.message).toMatch(/^perf was not allowed to trace the kernel's tracepoints\. perf said: "No permissions to read \S+"\.$/);
      expect(problem?.message).toMatch(said);
      expect(problem?.perfSaid).toMatch(said);
      expect(problem?.fix).toContain('sudo sysctl kernel.perf_event_paranoid=-1');
      ws.close();
    } finally {
      await preview.stop();
    }
    await expectNoneLeft(mark);
  });
});
