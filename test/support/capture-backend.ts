/**
 * The app's capture layer as a renderer uses it: a backend connection, requests checked against the
 * contract as the preload checks them, and the events it sends, recorded in order.
 */
import { vi } from 'vitest';
import type { ApiEvents, CaptureEnded, CaptureStarted, EventName, RequestName, RequestParams, RequestResult, SshPrompt, TargetRef } from '../../shared/api';
import { parseEventPayload, parseRequestResult } from '../../shared/api-validate';
import type { CaptureSettings } from '../../shared/capture/capture-settings';
import { type Backend, type Connection, createBackend, type RendererPort } from '../../electron/backend/backend';
import type { TargetOptions } from '../../electron/capture/local-target';
import type { ServerPlaces } from '../../electron/ssh/servers/server-catalog';
import { NO_SERVERS } from './ssh-home';

export interface Sent {
  name: EventName;
  payload: ApiEvents[EventName];
}

export interface CaptureHarness {
  backend: Backend;
  connection: Connection;
  /** Every event sent, in order, with 'response' entries marking when a request was answered. */
  log: Array<Sent | { name: 'response'; method: RequestName }>;
  request<M extends RequestName>(method: M, params: RequestParams<M>): Promise<RequestResult<M>>;
  /** The refusal of a request that must fail. */
  refusal<M extends RequestName>(method: M, params: RequestParams<M>): Promise<string>;
  start(settings: CaptureSettings, elevate?: boolean, target?: TargetRef): Promise<CaptureStarted>;
  /** Every sshPrompt sent, in order. */
  prompts(): SshPrompt[];
  ended(captureId: string, timeoutMs?: number): Promise<CaptureEnded>;
  eventsOf(captureId: string): Sent[];
  /** The captureChunk texts joined: the header, then perf's output. */
  textOf(captureId: string): string;
  outputOf(captureId: string): string;
}

export interface HarnessOptions {
  captureTarget?: TargetOptions;
  /** Files named on the command line (granted at start, in hello's openAtStart). */
  openAtStart?: string[];
  showOpenDialog?: RendererPort['showOpenDialog'];
  showSaveDialog?: RendererPort['showSaveDialog'];
  servers?: ServerPlaces;
  /** Answers an sshPrompt as a person would (answerPrompt); undefined leaves it open. */
  answer?: (prompt: SshPrompt) => string | null | undefined;
}

export async function captureBackend(options: HarnessOptions = {}): Promise<CaptureHarness> {
  const backend = await createBackend({
    kind: options.showSaveDialog === undefined ? 'preview' : 'electron',
    version: '0.0.1-test',
    openAtStart: options.openAtStart ?? [],
    captureTarget: options.captureTarget,
    servers: options.servers ?? NO_SERVERS,
  });
  const log: CaptureHarness['log'] = [];
  const connection = backend.connect({
    send: async (name, payload) => {
      const parsed = parseEventPayload(name, payload);
      if (!parsed.ok) throw new Error(`the backend sent a malformed ${name}: ${parsed.error}`);
      log.push({ name, payload: structuredClone(payload) });
      if (name === 'sshPrompt' && options.answer) {
        const prompt = parseEventPayload('sshPrompt', payload);
        const answer = prompt.ok ? options.answer(prompt.value) : undefined;
        // As a renderer answers: after the event has arrived, in a request of its own.
        if (prompt.ok && answer !== undefined) setImmediate(() => void connection.request('answerPrompt', { promptId: prompt.value.promptId, answer }));
      }
      return true;
    },
    showOpenDialog: options.showOpenDialog,
    showSaveDialog: options.showSaveDialog,
  });

  const request = async <M extends RequestName>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> => {
    const reply = await connection.request(method, params);
    log.push({ name: 'response', method });
    if (!reply.ok) throw new Error(reply.error);
    const result = parseRequestResult(method, reply.result);
    if (!result.ok) throw new Error(`malformed ${method} result: ${result.error}`);
    return result.value;
  };
  const eventsOf = (captureId: string): Sent[] =>
    log.filter((e): e is Sent => e.name !== 'response' && 'captureId' in e.payload && e.payload.captureId === captureId);
  const texts = (captureId: string, name: 'captureChunk' | 'commandOutput'): string =>
    eventsOf(captureId)
      .filter((e) => e.name === name)
      .map((e) => ('text' in e.payload ? e.payload.text : ''))
      .join('');

  return {
    backend,
    connection,
    log,
    request,
    refusal: async (method, params) => {
      const reply = await connection.request(method, params);
      if (reply.ok) throw new Error(`${method} succeeded: ${JSON.stringify(reply.result)}`);
      return reply.error;
    },
    start: (settings, elevate = false, target = { kind: 'local' }) => request('startCapture', { target, settings, elevate }),
    prompts: () => log.flatMap((e) => (e.name === 'sshPrompt' && 'promptId' in e.payload && 'kind' in e.payload ? [e.payload] : [])),
    ended: (captureId, timeoutMs = 15_000) =>
      vi.waitFor(
        () => {
          const end = eventsOf(captureId).find((e) => e.name === 'captureEnded');
          if (!end) throw new Error(`capture ${captureId} has not ended`);
          const parsed = parseEventPayload('captureEnded', end.payload);
          if (!parsed.ok) throw new Error(parsed.error);
          return parsed.value;
        },
        { timeout: timeoutMs, interval: 20 },
      ),
    eventsOf,
    textOf: (captureId) => texts(captureId, 'captureChunk'),
    outputOf: (captureId) => texts(captureId, 'commandOutput'),
  };
}
