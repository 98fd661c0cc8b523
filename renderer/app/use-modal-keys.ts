/** Escape closes a dialog and Ctrl+Enter confirms it, without reaching the timeline's shortcuts behind it. */
import { useEffect, useRef } from 'react';

export function useModalKeys(onCancel: () => void, onConfirm?: () => void): void {
  const actions = useRef({ onCancel, onConfirm });
  actions.current = { onCancel, onConfirm };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopImmediatePropagation();
        actions.current.onCancel();
      } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && actions.current.onConfirm) {
        e.stopImmediatePropagation();
        actions.current.onConfirm();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
