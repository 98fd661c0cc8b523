/**
 * The backend bridge of the browser preview: the contract over the preview server's WebSocket.
 * Every message that arrives is validated; responses are matched to their requests by id; when the
 * socket closes, every request still waiting fails with words the user can act on.
 */
import type { BackendBridge, EventName, IpcReply, RequestName, RequestParams, RequestResult, WireMessage } from '../../shared/api';
import { parseEventPayload, parseRequestResult, parseWireText } from '../../shared/api-validate';

type Listener = (name: EventName, payload: unknown) => void;

const NEVER_CONNECTED =
  'Could not connect to the Skbscope preview server. Is `npm run web` still running? Open the exact address it printed: the token in it changes every time the preview starts.';
const CONNECTION_LOST =
  'The connection to the Skbscope preview server was lost. Start it again with `npm run web` and open the new address it prints.';

/** `open` is there for tests, which supply a Node WebSocket that can set an Origin. */
export function connectWebSocketBridge(url: string, open: (url: string) => WebSocket = (u) => new WebSocket(u)): BackendBridge {
  const socket = open(url);
  const waiting = new Map<number, (reply: IpcReply) => void>();
  const listeners = new Set<Listener>();
  let nextId = 1;
  let opened = false;
  let closed: Error | null = null;
  const ready = new Promise<void>((resolve) =>
    socket.addEventListener('open', () => {
      opened = true;
      resolve();
    }),
  );

  socket.addEventListener('message', (e: MessageEvent<unknown>) => {
    const message = typeof e.data === 'string' ? parseWireText(e.data) : { ok: false as const, error: 'message: not text' };
    if (!message.ok) return console.warn(`Skbscope: ignored a malformed message from the preview server (${message.error})`);
    const m = message.value;
    if (m.kind === 'response') {
      const settle = waiting.get(m.id);
      waiting.delete(m.id);
      settle?.(m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
    } else if (m.kind === 'event') {
      const payload = parseEventPayload(m.name, m.payload);
      if (!payload.ok) return console.warn(`Skbscope: ignored a malformed event from the preview server (${payload.error})`);
      for (const listener of listeners) deliver(listener, m.name, payload.value);
    }
  });

  socket.addEventListener('close', () => {
    closed = new Error(opened ? CONNECTION_LOST : NEVER_CONNECTED);
    for (const settle of waiting.values()) settle({ ok: false, error: closed.message });
    waiting.clear();
  });

  return {
    request<M extends RequestName>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
      if (closed) return Promise.reject(closed);
      const id = nextId++;
      const answered = new Promise<RequestResult<M>>((resolve, reject) => {
        waiting.set(id, (reply) => {
          if (!reply.ok) return reject(new Error(reply.error));
          const parsed = parseRequestResult(method, reply.result);
          if (parsed.ok) resolve(parsed.value);
          else reject(new Error(`The preview server sent a malformed answer to ${method} (${parsed.error}).`));
        });
      });
      void ready.then(() => {
        if (waiting.has(id)) socket.send(JSON.stringify({ kind: 'request', id, method, params } satisfies WireMessage));
      });
      return answered;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** One listener's mistake must not keep the event from the others. */
function deliver(listener: Listener, name: EventName, payload: unknown): void {
  try {
    listener(name, payload);
  } catch (err) {
    console.error('Skbscope: an event listener failed', err);
  }
}
