/** The backend's recent files, asked for whenever the empty window shows them. */
import { useEffect, useState } from 'react';
import type { FileGrant } from '../../shared/api';
import type { Backend } from './use-backend';

export function useRecentFiles(backend: Backend | null, shown: boolean): FileGrant[] {
  const [files, setFiles] = useState<FileGrant[]>([]);
  useEffect(() => {
    if (!backend || !shown) return;
    let live = true;
    backend.bridge.request('listRecent', {}).then(
      (r) => live && setFiles(r.files),
      // A damaged list is the backend's to report when it is saved to; here there is just nothing to offer.
      () => live && setFiles([]),
    );
    return () => {
      live = false;
    };
  }, [backend, shown]);
  return files;
}
