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

export interface BackendReports {
  error(message: string): void;
  notice(message: string): void;
}

export function useBackend(openGrant: (bridge: BackendBridge, grant: FileGrant) => void, report: BackendReports): Backend | null {
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
        const [first, ...rest] = info.openAtStart;
        if (first) openGrant(bridge, first);
        // One trace per window: say so rather than let each file silently replace the one before.
        if (rest.length > 0) {
          report.notice(`Skbscope shows one trace per window: opened ${first?.name}; not opened: ${rest.map((g) => g.name).join(', ')}.`);
        }
      })
      .catch((err: unknown) => report.error(`Could not reach the Skbscope backend: ${err instanceof Error ? err.message : String(err)}`));
    return () => {
      live = false;
      stop();
    };
    // Connect once per window; the callbacks are stable.
  }, []);
  return backend;
}
