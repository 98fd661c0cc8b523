import { useState, useSyncExternalStore } from 'react';
import { type LoaderState, TraceLoader } from '../loading/trace-loader';

function startWorker(): Worker {
  return new Worker(new URL('../loading/parse-worker.ts', import.meta.url), { type: 'module', name: 'parser' });
}

export function useTraceLoader(): [TraceLoader, LoaderState] {
  const [loader] = useState(() => new TraceLoader(startWorker));
  const state = useSyncExternalStore(loader.subscribe, loader.getState);
  return [loader, state];
}
