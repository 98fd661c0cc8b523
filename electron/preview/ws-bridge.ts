/**
 * The preview's WebSocket at /ws: carries the contract's WireMessages, each request mapped onto the
 * same backend handlers Electron uses. Whatever arrives, a malformed message gets an error response
 * and the server carries on.
 */
import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { WireMessage } from '../../shared/api';
import { parseWireMessage } from '../../shared/api-validate';
import type { Backend, Connection } from '../backend/backend';
import type { Access } from './access';

const SOCKET_PATH = '/ws';

// Requests are a few hundred bytes, but for saveSession's header: 64 Ki characters, none taking more
// than 3 bytes of JSON (UTF-8, or an escaped quote). Nothing legitimate comes near this. (saveBytes is refused here anyway;
// the page downloads what it made itself.)
const MAX_INCOMING_BYTES = 256 * 1024;

/** Error responses to messages whose request id cannot be read carry this id. */
const UNKNOWN_REQUEST_ID = 0;

export function attachWebSocketBridge(server: Server, backend: Backend, access: Access): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SOCKET_PATH) return refuse(socket, 404);
    if (!access.allowsSocket(req, url)) return refuse(socket, 403);
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, backend.connect({ send: (name, payload) => send(ws, { kind: 'event', name, payload }), textByUrl: true })));
  });

  return {
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function serveSocket(ws: WebSocket, connection: Connection): void {
  ws.on('message', (data, isBinary) => void answer(ws, connection, data, isBinary));
  ws.on('close', () => connection.close());
  // Protocol errors (an oversized or broken frame): ws closes the socket, and 'close' cleans up.
  ws.on('error', () => undefined);
}

async function answer(ws: WebSocket, connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
  const fail = (id: number, error: string): Promise<boolean> => send(ws, { kind: 'response', id, ok: false, error });
  if (isBinary) return void (await fail(UNKNOWN_REQUEST_ID, 'Binary messages are not understood here: send JSON text.'));
  let raw: unknown;
  try {
    raw = JSON.parse(textOf(data));
  } catch {
    return void (await fail(UNKNOWN_REQUEST_ID, 'The message is not valid JSON.'));
  }
  const message = parseWireMessage(raw);
  if (!message.ok) return void (await fail(requestIdOf(raw), `Invalid message (${message.error}).`));
  if (message.value.kind !== 'request') return void (await fail(requestIdOf(raw), 'Only requests may be sent to the preview server.'));
  const { id, method, params } = message.value;
  await send(ws, { kind: 'response', id, ...(await connection.request(method, params)) });
}

function send(ws: WebSocket, message: WireMessage): Promise<boolean> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
  // Resolving once ws has written the frame paces a file reader to the socket.
  return new Promise((resolve) => ws.send(JSON.stringify(message), (err) => resolve(!err)));
}

/** The id of a message that failed validation, when it has a usable one, so its sender can match the error. */
function requestIdOf(raw: unknown): number {
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? raw.id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : UNKNOWN_REQUEST_ID;
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

function refuse(socket: Duplex, status: number): void {
  const text = status === 403 ? 'Forbidden: the preview WebSocket needs the token and the page this server serves.\n' : 'Not found.\n';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
