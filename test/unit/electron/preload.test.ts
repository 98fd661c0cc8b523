/** The preload with electron's contextBridge and ipcRenderer replaced by recorders. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type BackendBridge, IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../../shared/api';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
  eventHandler: null as null | ((event: unknown, ...args: unknown[]) => void),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, handler: (event: unknown, ...args: unknown[]) => void) => {
      if (channel === IPC_EVENT_CHANNEL) electron.eventHandler = handler;
    },
  },
}));

await import('../../../electron/preload');
const bridge = electron.exposed.get('skbscope') as BackendBridge;
const grant = { fileId: 'a'.repeat(32), name: 'trace.txt', size: 10 };

beforeEach(() => electron.invoke.mockReset());

describe('the preload', () => {
  it('exposes window.skbscope and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['skbscope']);
    expect(Object.keys(bridge).sort()).toEqual(['onEvent', 'request']);
  });

  it('sends requests on the request channel and returns checked results', async () => {
    electron.invoke.mockResolvedValue({ ok: true, result: { ...grant, textUrl: null } });
    await expect(bridge.request('readFile', { fileId: grant.fileId })).resolves.toEqual({ ...grant, textUrl: null });
    expect(electron.invoke).toHaveBeenCalledWith(IPC_REQUEST_CHANNEL, 'readFile', { fileId: grant.fileId });
  });

  it('turns a failure reply into an Error with the backend’s own words', async () => {
    electron.invoke.mockResolvedValue({ ok: false, error: 'Permission denied reading /x.' });
    await expect(bridge.request('readFile', { fileId: grant.fileId })).rejects.toThrow(/^Permission denied reading \/x\.$/);
  });

  it('refuses a result that does not match the contract', async () => {
    electron.invoke.mockResolvedValue({ ok: true, result: { ...grant, textUrl: null, path: '/etc/passwd' } });
    await expect(bridge.request('readFile', { fileId: grant.fileId })).rejects.toThrow(/malformed answer to readFile .*unexpected field "path"/);
    electron.invoke.mockResolvedValue('surprise');
    await expect(bridge.request('hello', {})).rejects.toThrow(/malformed reply/);
  });

  it('passes on contract events until unsubscribed, and drops unknown ones', () => {
    const seen: string[] = [];
    const stop = bridge.onEvent((name) => seen.push(name));
    electron.eventHandler?.({}, 'fileEnd', { fileId: grant.fileId, bytesRead: 1 });
    electron.eventHandler?.({}, 'runShell', {});
    stop();
    electron.eventHandler?.({}, 'fileEnd', { fileId: grant.fileId, bytesRead: 2 });
    expect(seen).toEqual(['fileEnd']);
  });
});
