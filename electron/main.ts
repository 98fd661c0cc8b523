/**
 * Electron's main process, kept thin: the window and its app:// origin, IPC onto the shared backend,
 * the native open and save dialogs, stopping captures on quit, and a minimal menu. Everything worth
 * testing lives in modules that do not import electron (backend/, app/, static/, capture/) and runs
 * under Node in the unit tests.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, type MenuItemConstructorOptions, protocol, session } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type IpcReply } from '../shared/api';
import { APP_INDEX_URL, APP_SCHEME, isAppUrl, serveRendererFile } from './app/app-protocol';
import { filesFromArgv } from './app/launch-files';
import { type Backend, type Connection, createBackend, type RendererPort } from './backend/backend';
import { defaultConfigSource } from './ssh/ssh-config/config-source';

// This file runs as dist/electron/main.cjs: the preload is beside it, the renderer one level up.
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');

// Before ready, or the scheme gets no origin of its own (see app/app-protocol.ts).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

/** Each window's connection to the backend, by webContents id. */
const connections = new Map<number, Connection>();

app.on('web-contents-created', (_event, contents) => {
  // The renderer is one page: it never navigates away, opens windows or embeds webviews.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => app.quit());

let backendForQuit: Backend | null = null;
// No perf may outlive the app: quitting waits (bounded) for every capture to stop.
app.on('before-quit', (event) => {
  const backend = backendForQuit;
  if (backend === null) return;
  backendForQuit = null;
  event.preventDefault();
  void backend.close().finally(() => app.quit());
});

app
  .whenReady()
  .then(start)
  .catch((err: unknown) => {
    dialog.showErrorBox('Skbscope could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(RENDERER_DIR, request.url));
  // Skbscope asks for no permission (camera, notifications, …); refuse any a page might request.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const backend = await createBackend({
    kind: 'electron',
    version: SKBSCOPE_VERSION,
    openAtStart: filesFromArgv(process.argv, { defaultApp: process.defaultApp === true, cwd: process.cwd() }),
    servers: { dataDir: app.getPath('userData'), sshConfig: defaultConfigSource(process.env) },
  });
  backendForQuit = backend;
  ipcMain.handle(IPC_REQUEST_CHANNEL, (event, method: unknown, params: unknown): Promise<IpcReply> => {
    const frame = event.senderFrame;
    const connection = connections.get(event.sender.id);
    // Only the top frame of our own page may ask: not a subframe, not a page that got navigated in.
    if (!connection || !frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return Promise.resolve({ ok: false, error: 'Refused: the request did not come from the Skbscope window.' });
    }
    return connection.request(method, params);
  });
  const win = createWindow(backend);
  Menu.setApplicationMenu(buildMenu(win));
}

function createWindow(backend: Backend): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Skbscope',
    webPreferences: { preload: PRELOAD, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  const contents = win.webContents;
  const id = contents.id;
  const port: RendererPort = {
    send: async (name, payload) => {
      if (contents.isDestroyed()) return false;
      contents.send(IPC_EVENT_CHANNEL, name, payload);
      // IPC has no backpressure; yielding between chunks keeps the main process responsive.
      await new Promise((resolve) => setImmediate(resolve));
      return !contents.isDestroyed();
    },
    showOpenDialog: () => pickTraceFile(win),
    showSaveDialog: (suggestedName, folder) => pickSavePath(win, suggestedName, folder),
  };
  // Every page that commits (the first load, a reload) gets a fresh connection and the old page's
  // reads stop. Committed, not started: a navigation that will-navigate blocks (a dropped file)
  // must not cut off the page still showing.
  contents.on('did-navigate', () => {
    connections.get(id)?.close();
    connections.set(id, backend.connect(port));
  });
  contents.once('destroyed', () => {
    connections.get(id)?.close();
    connections.delete(id);
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL);
  return win;
}

async function pickTraceFile(win: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(win, {
    title: 'Open a perf trace',
    properties: ['openFile'],
    filters: [
      { name: 'perf trace output', extensions: ['txt', 'log', 'trace', 'perf'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function pickSavePath(win: BrowserWindow, suggestedName: string, folder: string | null): Promise<string | null> {
  const result = await dialog.showSaveDialog(win, {
    title: 'Save the capture',
    defaultPath: join(folder ?? app.getPath('documents'), suggestedName),
    filters: [
      { name: 'perf trace output', extensions: ['txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Minimal for now: a fuller menu comes later. */
function buildMenu(win: BrowserWindow): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: '&Open…',
          accelerator: 'CmdOrCtrl+O',
          // The page handles Ctrl+O itself (through showOpenDialog); also registering it here would
          // show two dialogs. The menu still displays the shortcut.
          registerAccelerator: false,
          click: () => void openFromMenu(win),
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

async function openFromMenu(win: BrowserWindow): Promise<void> {
  const path = await pickTraceFile(win);
  const connection = connections.get(win.webContents.id);
  if (path !== null && connection) await connection.offerFile(path);
}
