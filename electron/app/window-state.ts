/**
 * The window's size, position and maximised state, kept in the user-data folder between runs. What is
 * read back is checked (the file may be damaged, hand-edited, or from another machine), and a window
 * that would open on no screen (a monitor since unplugged) opens centred on the primary one.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The window's bounds when not maximised, so un-maximising returns there. */
  bounds: Rect;
  maximized: boolean;
}

/** Where the window opens: bounds to pass to the window, and whether to maximise it then. */
export interface WindowPlacement {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 800 };
/** Below this the toolbar and a timeline row no longer fit; the window's minimum size too. */
export const MIN_SIZE = { width: 640, height: 400 };
// Larger than any screen (or screens side by side): a bigger number is damage, not a preference.
const MAX_EXTENT = 32_768;
/** How much of the title bar must be on a screen for the window to be grabbed and moved. */
const GRAB_WIDTH = 100;
const TITLE_BAR_HEIGHT = 40;

export function windowStatePath(userDataDir: string): string {
  return join(userDataDir, WINDOW_STATE_FILE);
}

/** The state saved last time, or null when there is none or it cannot be used. */
export function readWindowState(path: string): WindowState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseWindowState(JSON.parse(text));
  } catch {
    return null;
  }
}

export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null || !('bounds' in raw) || !('maximized' in raw)) return null;
  const { bounds, maximized } = raw;
  if (typeof maximized !== 'boolean' || typeof bounds !== 'object' || bounds === null) return null;
  const x = 'x' in bounds ? bounds.x : undefined;
  const y = 'y' in bounds ? bounds.y : undefined;
  const width = 'width' in bounds ? bounds.width : undefined;
  const height = 'height' in bounds ? bounds.height : undefined;
  if (!isCoordinate(x) || !isCoordinate(y) || !isExtent(width, MIN_SIZE.width) || !isExtent(height, MIN_SIZE.height)) return null;
  return { bounds: { x, y, width, height }, maximized };
}

/**
 * Written whole, through a temporary file renamed over the old one, so a crash mid-write leaves the
 * previous state. Synchronous: it runs as the window closes, and the app may quit right after.
 */
export function writeWindowState(path: string, state: WindowState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/**
 * Where to open the window, given the screens' work areas (the primary first). The saved bounds are
 * kept when enough of the title bar is on some screen; otherwise the saved size (shrunk to fit) is
 * centred on the primary screen.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowPlacement {
  const primary = workAreas[0];
  if (primary === undefined) return { bounds: { x: 0, y: 0, ...DEFAULT_SIZE }, maximized: false };
  if (saved !== null && workAreas.some((area) => titleBarOn(saved.bounds, area))) return { bounds: saved.bounds, maximized: saved.maximized };
  const wanted = saved?.bounds ?? DEFAULT_SIZE;
  const width = Math.max(Math.min(wanted.width, primary.width), Math.min(MIN_SIZE.width, primary.width));
  const height = Math.max(Math.min(wanted.height, primary.height), Math.min(MIN_SIZE.height, primary.height));
  return {
    bounds: {
      x: primary.x + Math.floor((primary.width - width) / 2),
      y: primary.y + Math.floor((primary.height - height) / 2),
      width,
      height,
    },
    maximized: saved?.maximized ?? false,
  };
}

/**
 * Whether enough of the window's top strip, where the title bar is, lies inside the area to grab it.
 * Half its height will do: window managers report the top edge a few pixels either side of the frame.
 */
function titleBarOn(bounds: Rect, area: Rect): boolean {
  const across = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const down = Math.min(bounds.y + TITLE_BAR_HEIGHT, area.y + area.height) - Math.max(bounds.y, area.y);
  return across >= Math.min(GRAB_WIDTH, bounds.width) && down >= TITLE_BAR_HEIGHT / 2;
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_EXTENT;
}

function isExtent(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= MAX_EXTENT;
}
