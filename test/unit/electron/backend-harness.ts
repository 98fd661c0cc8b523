/** Drives the backend the way a transport does, recording the events it sends. */
import { vi } from 'vitest';
import type { ApiEvents, EventName, IpcReply } from '../../../shared/api';
import { type Backend, type Connection, createBackend, type RendererPort } from '../../../electron/backend/backend';
import type { TargetOptions } from '../../../electron/capture/local-target';
import { NO_SERVERS } from '../../support/ssh-home';

export interface SentEvent {
  name: EventName;
  payload: ApiEvents[EventName];
}

export interface Harness {
  backend: Backend;
  connection: Connection;
  events: SentEvent[];
  request(method: unknown, params: unknown): Promise<IpcReply>;
  /** Resolves with the fileEnd or fileError that finished this file. */
  finished(fileId: string): Promise<SentEvent>;
  /** The text of every fileChunk for this file, joined. */
  textOf(fileId: string): string;
}

export async function startBackend(
  options: {
    openAtStart?: string[];
    showOpenDialog?: RendererPort['showOpenDialog'];
    showSaveDialog?: RendererPort['showSaveDialog'];
    send?: RendererPort['send'];
    captureTarget?: TargetOptions;
  } = {},
): Promise<Harness> {
  const backend = await createBackend({ kind: 'electron', version: '9.9.9', openAtStart: options.openAtStart ?? [], captureTarget: options.captureTarget, servers: NO_SERVERS });
  const events: SentEvent[] = [];
  const record: RendererPort['send'] = async (name, payload) => {
    events.push({ name, payload });
    return true;
  };
  const connection = backend.connect({ send: options.send ?? record, showOpenDialog: options.showOpenDialog, showSaveDialog: options.showSaveDialog });
  const forFile = (fileId: string) => events.filter((e) => 'fileId' in e.payload && e.payload.fileId === fileId);
  return {
    backend,
    connection,
    events,
    request: (method, params) => connection.request(method, params),
    finished: (fileId) =>
      vi.waitFor(
        () => {
          const last = forFile(fileId).find((e) => e.name === 'fileEnd' || e.name === 'fileError');
          if (!last) throw new Error(`no fileEnd or fileError yet for ${fileId}`);
          return last;
        },
        { timeout: 10_000, interval: 5 },
      ),
    textOf: (fileId) =>
      forFile(fileId)
        .map((e) => ('text' in e.payload ? e.payload.text : ''))
        .join(''),
  };
}

/** The result of a request that must succeed. */
export function resultOf(reply: IpcReply): unknown {
  if (!reply.ok) throw new Error(`request failed: ${reply.error}`);
  return reply.result;
}

export function errorOf(reply: IpcReply): string {
  if (reply.ok) throw new Error(`request succeeded with ${JSON.stringify(reply.result)}`);
  return reply.error;
}
