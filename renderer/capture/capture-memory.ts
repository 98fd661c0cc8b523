/**
 * The last capture settings and where it ran, kept in the browser's storage so the dialog opens as
 * the user left it. What comes back from storage is checked like anything else that crosses a boundary.
 */
import type { TargetRef } from '../../shared/api';
import { parseRequestParams } from '../../shared/api-validate';
import { type CaptureSettings, DEFAULT_MAX_EVENTS, DEFAULT_SETTINGS } from '../../shared/capture/capture-settings';

const KEY = 'skbscope.capture.last';

export interface LastCapture {
  target: TargetRef;
  settings: CaptureSettings;
}

const DEFAULT: LastCapture = { target: { kind: 'local' }, settings: DEFAULT_SETTINGS };

export function recallLastCapture(storage: Storage | null = safeStorage()): LastCapture {
  const text = storage?.getItem(KEY);
  if (!text) return DEFAULT;
  try {
    const raw = JSON.parse(text) as { target?: unknown; settings?: unknown };
    // Settings kept before every capture had a cap said null for none: they get the default cap.
    const settings = isRecord(raw.settings) && raw.settings.maxEvents === null ? { ...raw.settings, maxEvents: DEFAULT_MAX_EVENTS } : raw.settings;
    const parsed = parseRequestParams('startCapture', { target: raw.target, settings, elevate: false });
    return parsed.ok ? { target: parsed.value.target, settings: parsed.value.settings } : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

export function rememberLastCapture(last: LastCapture, storage: Storage | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(last));
  } catch {
    // Storage full or disabled: the dialog simply opens with the defaults next time.
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
