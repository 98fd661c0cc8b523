/**
 * The application menu. Entries that have a key in the page (renderer/app/use-shortcuts.ts) show that
 * key but do not register it (registerAccelerator: false): the key press stays the page's, and the
 * entry asks the page for the same action with a menuCommand, so either way it happens once.
 *
 * Electron's menu types only: this module does not load electron, and runs under Node in the tests.
 */
import { basename, dirname } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/api';

export interface MenuActions {
  /** Asks the page for the action of one of its shortcuts. */
  command(command: MenuCommand): void;
  /** Opens a file of Open Recent. */
  openRecent(path: string): void;
  about(): void;
}

/** What Open Recent lists: absolute paths, most recent first, and the home folder to shorten them by. */
export interface RecentFilesShown {
  paths: readonly string[];
  home: string;
}

export function appMenuTemplate(actions: MenuActions, recent: RecentFilesShown): MenuItemConstructorOptions[] {
  const page = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator, registerAccelerator: false }),
    click: () => actions.command(command),
  });
  return [
    {
      label: '&File',
      submenu: [
        page('&Open…', 'open', 'CmdOrCtrl+O'),
        { label: 'Open &Recent', submenu: recentItems(actions, recent) },
        { type: 'separator' },
        page('&Save Session…', 'saveSession', 'CmdOrCtrl+S'),
        page('&Export PNG…', 'exportImage', 'CmdOrCtrl+E'),
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    // Cut, copy, paste and select all in the page's fields and text.
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        page('Zoom &In', 'zoomIn', 'Plus'),
        page('Zoom &Out', 'zoomOut', '-'),
        page('&Fit', 'fit', 'F'),
        { type: 'separator' },
        page('Switch &Theme (As Desktop, Light, Dark)', 'cycleTheme'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Capture',
      submenu: [page('&New Capture…', 'newCapture', 'F5'), page('&Stop', 'stopCapture', 'Shift+F5')],
    },
    {
      label: '&Help',
      submenu: [{ label: '&About Skbscope', click: () => actions.about() }],
    },
  ];
}

function recentItems(actions: MenuActions, recent: RecentFilesShown): MenuItemConstructorOptions[] {
  if (recent.paths.length === 0) return [{ label: 'No Recent Files', enabled: false }];
  return recent.paths.map((path) => ({
    // A single & would underline the next letter as a mnemonic.
    label: recentLabel(path, recent.home).replaceAll('&', '&&'),
    click: () => actions.openRecent(path),
  }));
}

/** `trace.txt — ~/captures`: the name first, then the folder, which tells apart files of one name. */
function recentLabel(path: string, home: string): string {
  const folder = dirname(path);
  const shown = home !== '/' && (folder === home || folder.startsWith(`${home}/`)) ? `~${folder.slice(home.length)}` : folder;
  return `${basename(path)} — ${shown}`;
}
