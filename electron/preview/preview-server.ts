/**
 * The browser preview: the built renderer over HTTP plus the backend over a WebSocket, on
 * 127.0.0.1 only, behind a random token. `npm run web` starts it through server.ts; tests start it
 * in-process.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createBackend } from '../backend/backend';
import type { TargetOptions } from '../capture/local-target';
import { userServerPlaces } from '../ssh/servers/data-folder';
import type { ServerPlaces } from '../ssh/servers/server-catalog';
import { createAccess, newToken } from './access';
import { createStaticHandler } from './static-handler';
import { attachWebSocketBridge } from './ws-bridge';

const PREVIEW_HOST = '127.0.0.1';

export interface PreviewOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Files named on the command line, opened when the page connects. */
  files: readonly string[];
  version: string;
  /** Where captures run and how the target is read; this process's environment when not given. */
  captureTarget?: TargetOptions;
  /** Saved servers and the ssh config; the user's own (~/.config/skbscope, ~/.ssh/config) when not given. */
  servers?: ServerPlaces;
}

export interface PreviewServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  /** Stops every capture (perf included) and waits for it, then stops serving. */
  close(): Promise<void>;
}

export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(`The built renderer is missing (${join(options.rendererDir, 'index.html')}): run \`npm run build\` first.`);
  }
  const backend = await createBackend({
    kind: 'preview',
    version: options.version,
    openAtStart: options.files,
    captureTarget: options.captureTarget,
    servers: options.servers ?? userServerPlaces(),
  });
  const server = createServer();
  const port = await listen(server, options.port);
  const token = newToken();
  const access = createAccess(token, port);
  server.on('request', createStaticHandler(options.rendererDir, access, backend.download));
  const bridge = attachWebSocketBridge(server, backend, access);

  return {
    url: `http://${PREVIEW_HOST}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      bridge.close();
      await backend.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(listenProblem(err, port))));
    server.listen(port, PREVIEW_HOST, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('The preview server has no TCP port.'));
      resolve(address.port);
    });
  });
}

function listenProblem(err: NodeJS.ErrnoException, port: number): string {
  if (err.code === 'EADDRINUSE') {
    return `Port ${port} on ${PREVIEW_HOST} is already in use. Stop whatever uses it, or choose another port with --port N (--port 0 picks a free one).`;
  }
  if (err.code === 'EACCES') {
    return `Not allowed to listen on port ${port} (ports below 1024 need root). Choose another port with --port N (--port 0 picks a free one).`;
  }
  return `Could not listen on ${PREVIEW_HOST}:${port}: ${err.message}`;
}
