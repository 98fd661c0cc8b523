/**
 * Escape closes a dialog and Ctrl+Enter confirms it, without reaching the timeline's shortcuts
 * behind it. Dialogs stack (a password prompt over the capture dialog): only the top one answers.
 */
import { useEffect, useRef } from 'react';

const stack: object[] = [];

export function useModalKeys(onCancel: () => void, onConfirm?: () => void): void {
  const actions = useRef({ onCancel, onConfirm });
  actions.current = { onCancel, onConfirm };
  useEffect(() => {
    const me = {};
    stack.push(me);
    const onKey = (e: KeyboardEvent): void => {
      if (stack[stack.length - 1] !== me) return;
      if (e.key === 'Escape') {
        e.stopImmediatePropagation();
        actions.current.onCancel();
      } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && actions.current.onConfirm) {
        e.stopImmediatePropagation();
        actions.current.onConfirm();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      stack.splice(stack.indexOf(me), 1);
    };
  }, []);
}
