import { describe, expect, it } from 'vitest';
import { type CaptureMode, DEFAULT_MAX_EVENTS, DEFAULT_SETTINGS } from '../../../shared/capture/capture-settings';
import { recallLastCapture, rememberLastCapture } from '../../../renderer/capture/capture-memory';

/** The browser's localStorage, as far as the dialog's memory uses it. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const command: CaptureMode = { kind: 'command', argv: ['ping', '-c1', '10.0.0.1'] };

describe('the capture dialog’s memory', () => {
  it('opens with a cap of 5 million events the first time', () => {
    expect(recallLastCapture(new MemoryStorage()).settings).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.maxEvents).toBe(5_000_000);
  });

  it('gives back the cap the user chose', () => {
    const storage = new MemoryStorage();
    rememberLastCapture({ target: { kind: 'local' }, settings: { events: ['net:*'], filters: {}, mode: command, maxEvents: 1234 } }, storage);
    expect(recallLastCapture(storage).settings.maxEvents).toBe(1234);
  });

  it('keeps the rest of settings saved without a cap, and gives them the default cap', () => {
    const storage = new MemoryStorage();
    storage.setItem('skbscope.capture.last', JSON.stringify({ target: { kind: 'local' }, settings: { events: ['net:netif_rx'], filters: {}, mode: command, maxEvents: null } }));
    expect(recallLastCapture(storage)).toEqual({
      target: { kind: 'local' },
      settings: { events: ['net:netif_rx'], filters: {}, mode: command, maxEvents: DEFAULT_MAX_EVENTS },
    });
  });
});
