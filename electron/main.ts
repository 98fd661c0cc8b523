/**
 * Electron's main process, kept thin: one instance, one window (placed where it was) on its app://
 * origin, IPC onto the shared backend, the native dialogs and menu, the log, and stopping captures
 * on quit. Everything worth testing lives in modules that do not import electron (app/, backend/,
 * static/, capture/) and runs under Node in the tests.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, protocol, screen, session, type WebContents } from 'electron';
import { type ApiEvents, type EventName, IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type IpcReply } from '../shared/api';
import { aboutText, localPerf } from './app/about-text';
import { describeError, openAppLog } from './app/app-log';
import { appMenuTemplate, type MenuActions } from './app/app-menu';
import { APP_INDEX_URL, APP_SCHEME, isAppUrl, serveRendererFile } from './app/app-protocol';
import { launchEnvironment } from './app/launch-environment';
import { filesFromArgv } from './app/launch-files';
import { PendingOffers } from './app/pending-offers';
import { filesOfSecondLaunch, launchData } from './app/second-launch';
import { MIN_SIZE, placeWindow, readWindowState, type Rect, windowStatePath, writeWindowState } from './app/window-state';
import { type Backend, type Connection, createBackend, type RendererPort } from './backend/backend';
import type { SaveDialogDetails } from './backend/save-dialog';
import { defaultConfigSource } from './ssh/ssh-config/config-source';

// This file runs as dist/electron/main.cjs: the preload is beside it, the renderer one level up.
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');

const log = openAppLog(join(app.getPath('userData'), 'logs'));
const startFiles = filesFromArgv(process.argv, { defaultApp: process.defaultApp === true, cwd: process.cwd() });

let backendForQuit: Backend | null = null;
// No perf may outlive the app: quitting waits (bounded) for every capture to stop.
app.on('before-quit', (event) => {
  const backend = backendForQuit;
  if (backend === null) return;
  backendForQuit = null;
  event.preventDefault();
  void backend.close().finally(() => app.quit());
});

/** Each window's connection to the backend, by webContents id. */
const connections = new Map<number, Connection>();
/** The one window, once made. */
let mainWindow: BrowserWindow | null = null;
/** Files for the window's page to open: a second launch's, Open Recent's. */
const offers = new PendingOffers((path) => {
  const contents = mainWindow?.webContents;
  const connection = contents === undefined ? undefined : connections.get(contents.id);
  connection?.offerFile(path).catch((err: unknown) => log.warn(`Could not offer a file to the window: ${describeError(err)}`));
});

// A second launch (a double-clicked file while Skbscope runs) hands its files to the first and quits.
if (app.requestSingleInstanceLock(launchData(startFiles))) runFirstInstance();
else app.quit();

function runFirstInstance(): void {
  log.info(`Skbscope ${SKBSCOPE_VERSION} starting: Electron ${process.versions.electron}, ${app.isPackaged ? 'packaged' : 'from the repository'}.`);
  process.on('uncaughtExceptionMonitor', (err) => log.error(`Uncaught: ${describeError(err)}`));
  process.on('unhandledRejection', (reason) => log.error(`Unhandled rejection: ${describeError(reason)}`));

  // Before ready, or the scheme gets no origin of its own (see app/app-protocol.ts).
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);

  app.on('web-contents-created', (_event, contents) => {
    // The renderer is one page: it never navigates away, opens windows or embeds webviews.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('render-process-gone', (_event, _contents, details) => log.error(`The window's renderer went: ${details.reason} (exit code ${details.exitCode}).`));
  app.on('child-process-gone', (_event, details) => log.warn(`Electron's ${details.type} process went: ${details.reason} (exit code ${details.exitCode}).`));
  app.on('window-all-closed', () => app.quit());
  // From the start: a file double-clicked while Skbscope is still starting waits for its window.
  app.on('second-instance', (_event, argv, workingDirectory, data) => openForSecondLaunch(argv, workingDirectory, data));

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log.error(`Could not start: ${describeError(err)}`);
      dialog.showErrorBox('Skbscope could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}

function openForSecondLaunch(argv: string[], workingDirectory: string, data: unknown): void {
  const [first, ...others] = filesOfSecondLaunch(data, argv, { defaultApp: process.defaultApp === true, workingDirectory });
  // One trace per window, as at start: the first file named.
  if (first !== undefined) offers.add(first);
  if (others.length > 0) log.info(`A second launch named ${others.length + 1} files; opened the first.`);
  const win = mainWindow;
  if (win === null) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function start(): Promise<void> {
  const { env, agentFrom } = await launchEnvironment(process.env);
  log.info(`ssh-agent: ${agentFrom === 'none' ? 'none found' : `${env.SSH_AUTH_SOCK} (from the ${agentFrom})`}.`);
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(RENDERER_DIR, request.url));
  // Skbscope asks for no permission (camera, notifications, …); refuse any a page might request.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const backend = await createBackend({
    kind: 'electron',
    version: SKBSCOPE_VERSION,
    openAtStart: startFiles,
    captureTarget: { env },
    servers: { dataDir: app.getPath('userData'), sshConfig: defaultConfigSource(env) },
  });
  backendForQuit = backend;
  const win = createWindow(backend);
  mainWindow = win;
  win.once('closed', () => {
    mainWindow = null;
  });

  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, method: unknown, params: unknown): Promise<IpcReply> => {
    const frame = event.senderFrame;
    const connection = connections.get(event.sender.id);
    // Only the top frame of our own page may ask: not a subframe, not a page that got navigated in.
    if (!connection || !frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return { ok: false, error: 'Refused: the request did not come from the Skbscope window.' };
    }
    const reply = await connection.request(method, params);
    // The page listens for events before it says hello; files offered meanwhile follow the reply.
    if (method === 'hello' && event.sender.id === win.webContents.id) setImmediate(() => offers.pageListening());
    return reply;
  });

  const actions: MenuActions = {
    command: (command) => sendEvent(win.webContents, 'menuCommand', { command }),
    openRecent: (path) => offers.add(path),
    about: () => void showAbout(win, env),
  };
  const home = homedir();
  const setMenu = (recent: readonly string[]): void => Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions, { paths: recent, home })));
  setMenu([]);
  // Open Recent follows the backend's list: files opened through it, sessions it saved.
  backend.onRecentFilesChange(setMenu);
  backend.recentFiles().then(setMenu, (err: unknown) => log.warn(`Open Recent stays empty: ${describeError(err)}`));
}

function createWindow(backend: Backend): BrowserWindow {
  const statePath = windowStatePath(app.getPath('userData'));
  const placement = placeWindow(readWindowState(statePath), workAreas());
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
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
    showSaveDialog: (suggestedName, folder, details) => pickSavePath(win, suggestedName, folder, details),
  };
  // Every page that commits (the first load, a reload) gets a fresh connection and the old page's
  // reads stop. Committed, not started: a navigation that will-navigate blocks (a dropped file)
  // must not cut off the page still showing.
  contents.on('did-navigate', () => {
    connections.get(id)?.close();
    connections.set(id, backend.connect(port));
    offers.pageLoading();
  });
  contents.once('destroyed', () => {
    connections.get(id)?.close();
    connections.delete(id);
  });
  win.on('close', () => {
    try {
      writeWindowState(statePath, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      log.warn(`Could not remember the window's place: ${describeError(err)}`);
    }
  });
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(APP_INDEX_URL);
  return win;
}

/** The screens' work areas, the primary's first. */
function workAreas(): Rect[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
}

function sendEvent<N extends EventName>(contents: WebContents, name: N, payload: ApiEvents[N]): void {
  if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
}

async function showAbout(win: BrowserWindow, env: NodeJS.ProcessEnv): Promise<void> {
  const { message, detail } = aboutText({
    skbscope: SKBSCOPE_VERSION,
    electron: process.versions.electron,
    chromium: process.versions.chrome,
    node: process.versions.node,
    perf: await localPerf(env),
    logPath: log.path,
  });
  const { response } = await dialog.showMessageBox(win, { type: 'info', title: 'About Skbscope', message, detail, buttons: ['OK', 'Copy'], defaultId: 0, noLink: true });
  // For a bug report.
  if (response === 1) clipboard.writeText(`${message}\n${detail}`);
}

async function pickTraceFile(win: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(win, {
    title: 'Open a perf trace',
    properties: ['openFile'],
    filters: [
      { name: 'perf traces and Skbscope sessions', extensions: ['txt', 'log', 'trace', 'perf', 'perftrace', 'skbscope'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** The backend says what is saved (its title and filters, backend/save-dialog.ts) and which folder to offer. */
async function pickSavePath(win: BrowserWindow, suggestedName: string, folder: string | null, details: SaveDialogDetails): Promise<string | null> {
  const result = await dialog.showSaveDialog(win, {
    title: details.title,
    defaultPath: join(folder ?? app.getPath('documents'), suggestedName),
    filters: details.filters,
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}
