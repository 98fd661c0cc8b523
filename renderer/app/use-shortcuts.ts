/** Keyboard shortcuts, ignored while typing in a field. */
import { useEffect } from 'react';

export interface Shortcuts {
  open(): void;
  zoomIn(): void;
  zoomOut(): void;
  panLeft(): void;
  panRight(): void;
  fit(): void;
  clearSelection(): void;
}

export function useShortcuts(actions: Shortcuts): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        actions.open();
        return;
      }
      if (mod || e.altKey) return;
      const action: (() => void) | undefined = {
        '+': actions.zoomIn,
        '=': actions.zoomIn,
        '-': actions.zoomOut,
        _: actions.zoomOut,
        ArrowLeft: actions.panLeft,
        ArrowRight: actions.panRight,
        f: actions.fit,
        F: actions.fit,
        '0': actions.fit,
        Escape: actions.clearSelection,
      }[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
