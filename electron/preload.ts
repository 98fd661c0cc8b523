/**
 * Exposes the contract to the sandboxed renderer as `window.skbscope` (a BackendBridge), and nothing
 * else. Bundled into one file that requires only 'electron', as sandboxed preloads must be.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  type BackendBridge,
  type EventName,
  IPC_EVENT_CHANNEL,
  IPC_REQUEST_CHANNEL,
  type RequestName,
  type RequestParams,
  type RequestResult,
} from '../shared/api';
import { isEventName, parseIpcReply, parseRequestResult } from '../shared/api-validate';

const listeners = new Set<(name: EventName, payload: unknown) => void>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  // The renderer validates each payload by name (parseEventPayload) before using it.
  for (const listener of listeners) listener(name, payload);
});

async function request<M extends RequestName>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
  const reply = parseIpcReply(await ipcRenderer.invoke(IPC_REQUEST_CHANNEL, method, params));
  if (!reply.ok) throw new Error(`Skbscope's main process sent a malformed reply (${reply.error}).`);
  if (!reply.value.ok) throw new Error(reply.value.error);
  const result = parseRequestResult(method, reply.value.result);
  if (!result.ok) throw new Error(`Skbscope's main process sent a malformed answer to ${method} (${result.error}).`);
  return result.value;
}

const bridge: BackendBridge = {
  request,
  onEvent(listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('skbscope', bridge);
