/**
 * Light, dark, or the desktop's own choice (the default). The choice is kept in the browser's
 * storage; the effective theme sets `data-theme` on the page, which the stylesheet follows.
 */
import { useCallback, useEffect, useState } from 'react';

export type ThemeSetting = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'skbscope.theme';
const SETTINGS: readonly ThemeSetting[] = ['system', 'light', 'dark'];

function recall(): ThemeSetting {
  try {
    const v = window.localStorage.getItem(KEY);
    return SETTINGS.find((s) => s === v) ?? 'system';
  } catch {
    return 'system';
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): { theme: Theme; setting: ThemeSetting; cycle(): void } {
  const [setting, setSetting] = useState<ThemeSetting>(recall);
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const onChange = (): void => setSystem(query.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const theme = setting === 'system' ? system : setting;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const cycle = useCallback(() => {
    const next = SETTINGS[(SETTINGS.indexOf(setting) + 1) % SETTINGS.length] ?? 'system';
    setSetting(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Not kept: the theme still changes for this window.
    }
  }, [setting]);
  return { theme, setting, cycle };
}
