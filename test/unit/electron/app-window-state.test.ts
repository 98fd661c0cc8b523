import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, parseWindowState, placeWindow, readWindowState, windowStatePath, writeWindowState } from '../../../electron/app/window-state';

const laptop = { x: 0, y: 32, width: 1920, height: 1048 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1440 };
const saved = { bounds: { x: 2200, y: 100, width: 1400, height: 900 }, maximized: false };

describe('remembering the window', () => {
  it('writes the state whole and reads it back, private to the user', () => {
    const path = windowStatePath(mkdtempSync(join(tmpdir(), 'skbscope-window-')));
    writeWindowState(path, { ...saved, maximized: true });
    expect(readWindowState(path)).toEqual({ ...saved, maximized: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reads nothing from a missing, damaged or hand-broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skbscope-window-'));
    expect(readWindowState(join(dir, 'none.json'))).toBeNull();
    const path = windowStatePath(dir);
    writeFileSync(path, '{"bounds": {"x": 1');
    expect(readWindowState(path)).toBeNull();
    writeFileSync(path, JSON.stringify({ bounds: { x: 0, y: 0, width: 800 }, maximized: false }));
    expect(readWindowState(path)).toBeNull();
  });

  it.each([
    ['not an object', 'big'],
    ['null bounds', { bounds: null, maximized: false }],
    ['maximized not a boolean', { ...saved, maximized: 'yes' }],
    ['a fractional width', { ...saved, bounds: { ...saved.bounds, width: 800.5 } }],
    ['a width as text', { ...saved, bounds: { ...saved.bounds, width: '800' } }],
    ['a window too small to use', { ...saved, bounds: { ...saved.bounds, width: 20, height: 10 } }],
    ['a size no screen has', { ...saved, bounds: { ...saved.bounds, width: 1e9 } }],
    ['a position far out', { ...saved, bounds: { ...saved.bounds, x: -1e7 } }],
    ['NaN', { ...saved, bounds: { ...saved.bounds, y: Number.NaN } }],
  ])('refuses %s', (_what, raw) => {
    expect(parseWindowState(raw)).toBeNull();
  });

  it('accepts negative positions, which screens left of or above the primary have', () => {
    const state = { bounds: { x: -1800, y: -200, width: 1200, height: 800 }, maximized: false };
    expect(parseWindowState(state)).toEqual(state);
  });
});

describe('placing the window', () => {
  it('opens a first window at the default size, centred on the primary screen', () => {
    expect(placeWindow(null, [laptop, rightMonitor])).toEqual({
      bounds: { x: (1920 - DEFAULT_SIZE.width) / 2, y: 32 + (1048 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE },
      maximized: false,
    });
  });

  it('puts the window back where it was, on whichever screen that is, maximised if it was', () => {
    expect(placeWindow(saved, [laptop, rightMonitor])).toEqual(saved);
    expect(placeWindow({ ...saved, maximized: true }, [laptop, rightMonitor])).toEqual({ ...saved, maximized: true });
  });

  it('brings a window whose screen is gone back onto the primary one, shrunk to fit and centred', () => {
    const placed = placeWindow({ ...saved, bounds: { x: 2200, y: 100, width: 2400, height: 1300 } }, [laptop]);
    expect(placed.bounds).toEqual({ x: 0, y: 32, width: 1920, height: 1048 });
    const smaller = placeWindow(saved, [laptop]);
    expect(smaller.bounds).toEqual({ x: (1920 - 1400) / 2, y: 32 + (1048 - 900) / 2, width: 1400, height: 900 });
  });

  it('keeps it maximised when it comes back from a screen that is gone', () => {
    expect(placeWindow({ ...saved, maximized: true }, [laptop]).maximized).toBe(true);
  });

  it('moves a window whose title bar cannot be grabbed: above the top, or only a sliver on screen', () => {
    const above = { bounds: { x: 100, y: -500, width: 1000, height: 700 }, maximized: false };
    expect(placeWindow(above, [laptop]).bounds.y).toBeGreaterThanOrEqual(laptop.y);
    const sliver = { bounds: { x: 1900, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(placeWindow(sliver, [laptop]).bounds.x).toBe((1920 - 1000) / 2);
  });

  it('leaves a window a few pixels over the top edge where it is (window managers differ about frames)', () => {
    const nudged = { bounds: { x: 100, y: 22, width: 1000, height: 700 }, maximized: false };
    expect(placeWindow(nudged, [laptop])).toEqual(nudged);
  });

  it('does not make the window larger than a small screen', () => {
    const tiny = { x: 0, y: 0, width: 600, height: 380 };
    expect(placeWindow(null, [tiny]).bounds).toEqual({ x: 0, y: 0, width: 600, height: 380 });
  });
});

describe('the state file', () => {
  it('is window-state.json in the user-data folder', () => {
    expect(windowStatePath('/home/me/.config/Skbscope')).toBe('/home/me/.config/Skbscope/window-state.json');
    const path = windowStatePath(mkdtempSync(join(tmpdir(), 'skbscope-window-')));
    writeWindowState(path, saved);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(saved);
  });
});
