/** Keyboard shortcuts: plain keys are ignored while typing in a field, every key while a dialog is open. */
import { useEffect } from 'react';

export interface Shortcuts {
  open(): void;
  save(): void;
  exportImage(): void;
  newCapture(): void;
  stopCapture(): void;
  zoomIn(): void;
  zoomOut(): void;
  panLeft(): void;
  panRight(): void;
  fit(): void;
  clearSelection(): void;
}

/** The keys, as the status bar and tooltips name them. */
export const KEYS = {
  open: 'Ctrl+O',
  save: 'Ctrl+S',
  exportImage: 'Ctrl+E',
  newCapture: 'F5',
  stopCapture: 'Shift+F5',
} as const;

export function useShortcuts(actions: Shortcuts): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // Ctrl+S and the like are commands even in the search box; plain keys there are text.
      if (isTyping(e.target) && !isCommand(e)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const action = actionFor(e, actions);
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}

function isCommand(e: KeyboardEvent): boolean {
  return e.key === 'F5' || ((e.ctrlKey || e.metaKey) && !e.altKey && ['o', 's', 'e'].includes(e.key.toLowerCase()));
}

/** Keys typed into a text field are text; a focused checkbox or button does not take them. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}

function actionFor(e: KeyboardEvent, a: Shortcuts): (() => void) | undefined {
  // Debuggers' keys for start and stop.
  if (e.key === 'F5') return e.shiftKey ? a.stopCapture : a.newCapture;
  if (e.ctrlKey || e.metaKey) return ({ o: a.open, s: a.save, e: a.exportImage } as Record<string, () => void>)[e.key.toLowerCase()];
  if (e.altKey) return undefined;
  return (
    {
      '+': a.zoomIn,
      '=': a.zoomIn,
      '-': a.zoomOut,
      _: a.zoomOut,
      ArrowLeft: a.panLeft,
      ArrowRight: a.panRight,
      f: a.fit,
      F: a.fit,
      '0': a.fit,
      Escape: a.clearSelection,
    } as Record<string, () => void>
  )[e.key];
}
