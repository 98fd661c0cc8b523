/** The desktop app's menu: each entry arrives as a menuCommand and does what its keyboard shortcut does. */
import { useEffect } from 'react';
import type { BackendBridge, MenuCommand } from '../../shared/api';
import { parseEventPayload } from '../../shared/api-validate';
import type { Shortcuts } from './use-shortcuts';

export function useMenuCommands(bridge: BackendBridge | null, actions: Shortcuts & { cycleTheme(): void }): void {
  useEffect(() => {
    if (!bridge) return;
    const run: Record<MenuCommand, () => void> = {
      open: actions.open,
      saveSession: actions.save,
      exportImage: actions.exportImage,
      newCapture: actions.newCapture,
      stopCapture: actions.stopCapture,
      zoomIn: actions.zoomIn,
      zoomOut: actions.zoomOut,
      fit: actions.fit,
      cycleTheme: actions.cycleTheme,
    };
    return bridge.onEvent((name, raw) => {
      if (name !== 'menuCommand') return;
      const parsed = parseEventPayload('menuCommand', raw);
      // A dialog has the keyboard, and the menu, while it is open.
      if (parsed.ok && !document.querySelector('[aria-modal="true"]')) run[parsed.value.command]();
    });
  }, [bridge, actions]);
}
