import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type MenuActions } from '../../../electron/app/app-menu';
import { MENU_COMMANDS, type MenuCommand } from '../../../shared/api';
import { parseEventPayload } from '../../../shared/api-validate';
import { KEYS } from '../../../renderer/app/use-shortcuts';

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (command) => calls.push(`command ${command}`),
    openRecent: (path) => calls.push(`recent ${path}`),
    about: () => calls.push('about'),
  };
  return { calls, actions };
}

const none = { paths: [], home: '/home/me' };

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label);
  if (!menu || !Array.isArray(menu.submenu)) throw new Error(`no menu ${label}`);
  return menu.submenu;
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no item ${label} in ${items.map((i) => i.label ?? i.role ?? i.type).join(', ')}`);
  return found;
}

/** Clicks an item as Electron would (menu item, window, event are not used). */
function click(entry: MenuItemConstructorOptions): void {
  const onClick = entry.click as unknown as () => void;
  onClick();
}

const allItems = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  template.flatMap((menu) => [menu, ...(Array.isArray(menu.submenu) ? allItems(menu.submenu) : [])]);

describe('the application menu', () => {
  it('has File, Edit, View, Capture and Help, in that order', () => {
    const template = appMenuTemplate(recorder().actions, none);
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['&File', 'editMenu', '&View', '&Capture', '&Help']);
  });

  it('lists what each menu holds', () => {
    const template = appMenuTemplate(recorder().actions, none);
    const names = (label: string) => submenu(template, label).map((i) => i.label ?? i.role ?? i.type);
    expect(names('&File')).toEqual(['&Open…', 'Open &Recent', 'separator', '&Save Session…', '&Export PNG…', 'separator', 'quit']);
    expect(names('&View')).toEqual(['Zoom &In', 'Zoom &Out', '&Fit', 'separator', 'Switch &Theme (As Desktop, Light, Dark)', 'separator', 'togglefullscreen']);
    expect(names('&Capture')).toEqual(['&New Capture…', '&Stop']);
    expect(names('&Help')).toEqual(['&About Skbscope']);
  });

  it('asks the page for each of its actions, every menuCommand reachable, each a valid event', () => {
    const { calls, actions } = recorder();
    const template = appMenuTemplate(actions, none);
    const commands = new Set<MenuCommand>();
    for (const entry of allItems(template)) {
      if (entry.click === undefined || entry.label === undefined) continue;
      calls.length = 0;
      click(entry);
      const call = calls[0] ?? '';
      if (!call.startsWith('command ')) continue;
      const command = call.slice('command '.length);
      const parsed = parseEventPayload('menuCommand', { command });
      if (!parsed.ok) throw new Error(parsed.error);
      commands.add(parsed.value.command);
    }
    expect([...commands].sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('shows the page’s own keys but leaves key presses to the page, so nothing fires twice', () => {
    const template = appMenuTemplate(recorder().actions, none);
    const file = submenu(template, '&File');
    const view = submenu(template, '&View');
    const capture = submenu(template, '&Capture');
    const shown = (entry: MenuItemConstructorOptions) => [entry.accelerator, entry.registerAccelerator];
    expect(shown(item(file, '&Open…'))).toEqual([KEYS.open.replace('Ctrl', 'CmdOrCtrl'), false]);
    expect(shown(item(file, '&Save Session…'))).toEqual([KEYS.save.replace('Ctrl', 'CmdOrCtrl'), false]);
    expect(shown(item(file, '&Export PNG…'))).toEqual([KEYS.exportImage.replace('Ctrl', 'CmdOrCtrl'), false]);
    expect(shown(item(capture, '&New Capture…'))).toEqual([KEYS.newCapture, false]);
    expect(shown(item(capture, '&Stop'))).toEqual([KEYS.stopCapture, false]);
    expect(shown(item(view, 'Zoom &In'))).toEqual(['Plus', false]);
    expect(shown(item(view, 'Zoom &Out'))).toEqual(['-', false]);
    expect(shown(item(view, '&Fit'))).toEqual(['F', false]);
    // Every key the menu registers itself comes from a role (Quit's Ctrl+Q, Edit's, full screen's).
    for (const entry of allItems(template)) {
      if (entry.accelerator !== undefined) expect(entry.registerAccelerator).toBe(false);
    }
  });

  it('says so when there are no recent files', () => {
    const recentMenu = item(submenu(appMenuTemplate(recorder().actions, none), '&File'), 'Open &Recent');
    expect(recentMenu.submenu).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('names recent files with their folder (home as ~), most recent first, and opens the one chosen', () => {
    const { calls, actions } = recorder();
    const paths = ['/home/me/captures/ping.perftrace', '/srv/traces/ping.perftrace', '/home/me/R&D.skbscope', '/home/meg/x.txt'];
    const recentMenu = item(submenu(appMenuTemplate(actions, { paths, home: '/home/me' }), '&File'), 'Open &Recent');
    if (!Array.isArray(recentMenu.submenu)) throw new Error('no submenu');
    expect(recentMenu.submenu.map((i) => i.label)).toEqual([
      'ping.perftrace — ~/captures',
      'ping.perftrace — /srv/traces',
      'R&&D.skbscope — ~',
      'x.txt — /home/meg',
    ]);
    const second = recentMenu.submenu[1];
    if (!second) throw new Error('no second entry');
    click(second);
    expect(calls).toEqual(['recent /srv/traces/ping.perftrace']);
  });

  it('shows About from Help', () => {
    const { calls, actions } = recorder();
    click(item(submenu(appMenuTemplate(actions, none), '&Help'), '&About Skbscope'));
    expect(calls).toEqual(['about']);
  });
});

describe('the menuCommand event', () => {
  it('accepts exactly the commands of the contract', () => {
    for (const command of MENU_COMMANDS) expect(parseEventPayload('menuCommand', { command })).toEqual({ ok: true, value: { command } });
    expect(parseEventPayload('menuCommand', { command: 'reload' }).ok).toBe(false);
    expect(parseEventPayload('menuCommand', { command: 'open', extra: 1 }).ok).toBe(false);
    expect(parseEventPayload('menuCommand', 'open').ok).toBe(false);
  });
});
