/**
 * Every way a trace gets opened: files the backend grants (command line, native dialog, a second
 * launch), files the browser hands over (file input, drop), and the bundled samples.
 */
import { type RefObject, useCallback, useMemo, useRef } from 'react';
import type { BackendBridge, FileGrant } from '../../shared/api';
import { readBackendFile } from '../loading/read-backend-file';
import { loadSample, type Sample } from '../loading/samples';
import type { TraceLoader } from '../loading/trace-loader';
import { type Backend, useBackend } from './use-backend';

export interface Opening {
  backend: Backend | null;
  /** Opens a file the backend granted (a recent file, say). */
  openGrant(grant: FileGrant): void;
  /** Ctrl+O: the native dialog in Electron, the file input in the browser. */
  open(): void;
  openBlob(file: File): void;
  openSample(sample: Sample): void;
  fileInput: RefObject<HTMLInputElement | null>;
}

export function useOpening(loader: TraceLoader): Opening {
  const fileInput = useRef<HTMLInputElement>(null);
  const openGrant = useCallback(
    (bridge: BackendBridge, grant: FileGrant) => void readBackendFile(bridge, grant, loader.begin(grant.name, { size: grant.size, source: { kind: 'backend-file', fileId: grant.fileId } })),
    [loader],
  );
  const openBlob = useCallback((file: File) => loader.openFile(file.name, file), [loader]);
  const openSample = useCallback((s: Sample) => loadSample(s, loader.begin(`Sample: ${s.title}`, { size: s.text.length, source: { kind: 'text', blob: new Blob([s.text]) } })), [loader]);
  const reports = useMemo(() => ({ error: (m: string) => loader.reportError(m), notice: (m: string) => loader.reportNotice(m) }), [loader]);
  const backend = useBackend(openGrant, reports);

  const open = useCallback(() => {
    if (!backend?.info.nativeOpenDialog) {
      fileInput.current?.click();
      return;
    }
    backend.bridge
      .request('showOpenDialog', {})
      .then((grant) => grant && openGrant(backend.bridge, grant))
      .catch((err: unknown) => loader.reportError(`Could not open the file: ${err instanceof Error ? err.message : String(err)}`));
  }, [backend, openGrant, loader]);

  const openGranted = useCallback((grant: FileGrant) => backend && openGrant(backend.bridge, grant), [backend, openGrant]);
  return { backend, open, openGrant: openGranted, openBlob, openSample, fileInput };
}
