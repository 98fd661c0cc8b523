/**
 * The last capture settings, kept in the browser's storage so the dialog opens as the user left it.
 * What comes back from storage is checked like anything else that crosses a boundary.
 */
import { parseRequestParams } from '../../shared/api-validate';
import { type CaptureSettings, DEFAULT_SETTINGS } from '../../shared/capture/capture-settings';

const KEY = 'skbscope.capture.settings';

export function recallSettings(storage: Storage | null = safeStorage()): CaptureSettings {
  const text = storage?.getItem(KEY);
  if (!text) return DEFAULT_SETTINGS;
  try {
    const parsed = parseRequestParams('startCapture', { settings: JSON.parse(text) as unknown, elevate: false });
    return parsed.ok ? parsed.value.settings : DEFAULT_SETTINGS;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function rememberSettings(settings: CaptureSettings, storage: Storage | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the dialog simply opens with the defaults next time.
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
