/**
 * Connects to the backend (Electron's preload or the preview's WebSocket) when there is one, and
 * opens the files it offers: those named on the command line, and later ones (menu, second launch).
 */
import { useEffect, useState } from 'react';
import type { BackendBridge, BackendInfo, FileGrant } from '../../shared/api';
import { parseEventPayload } from '../../shared/api-validate';
import { connectBackend } from '../backend/connect';

export interface Backend {
  bridge: BackendBridge;
  info: BackendInfo;
}

export function useBackend(openGrant: (bridge: BackendBridge, grant: FileGrant) => void, onError: (m: string) => void): Backend | null {
  const [backend, setBackend] = useState<Backend | null>(null);
  useEffect(() => {
    const bridge = connectBackend();
    if (!bridge) return;
    let live = true;
    const stop = bridge.onEvent((name, raw) => {
      if (name !== 'fileOffered') return;
      const grant = parseEventPayload('fileOffered', raw);
      if (grant.ok) openGrant(bridge, grant.value);
    });
    bridge
      .request('hello', {})
      .then((info) => {
        if (!live) return;
        setBackend({ bridge, info });
        for (const grant of info.openAtStart) openGrant(bridge, grant);
      })
      .catch((err: unknown) => onError(`Could not reach the Skbscope backend: ${err instanceof Error ? err.message : String(err)}`));
    return () => {
      live = false;
      stop();
    };
    // Connect once per window; the callbacks are stable.
  }, []);
  return backend;
}
