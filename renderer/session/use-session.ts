/**
 * Sessions for the window: restores a session file's view once its trace has loaded, and saves the
 * trace with the current view as a session file.
 */
import { useEffect, useRef } from 'react';
import { SESSION_EXTENSION, sessionHeader, withoutSessionLines } from '../../shared/session/session-file';
import { downloadBlob } from '../app/downloads';
import type { LoadedTrace } from '../loading/trace-loader';
import { applyView, captureView, type ViewState } from './session-view';

export interface SessionPorts {
  current(): ViewState | null;
  restore(state: ViewState): void;
}

export function useSessionRestore(trace: LoadedTrace | null, ports: SessionPorts): void {
  const restored = useRef<object | null>(null);
  useEffect(() => {
    // Once per table, after it has loaded whole: rows and packets must all be there.
    if (!trace || trace.loading || !trace.session || restored.current === trace.table) return;
    restored.current = trace.table;
    ports.restore(applyView(trace.table, trace.session));
  }, [trace, ports]);
}

export function sessionFileName(title: string): string {
  const base = title
    .replace(/^(Sample|Live capture on):?\s*/i, '')
    .replace(/\.(txt|log|trace|perf|skbscope)$/i, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'trace'}.${SESSION_EXTENSION}`;
}

/** A session of a trace whose text the page holds (a sample, a file the browser gave): made here. */
export async function sessionBlob(trace: LoadedTrace, view: ViewState): Promise<Blob> {
  if (trace.source.kind !== 'text') throw new Error('Only a trace whose text this window holds is saved from here.');
  const text = withoutSessionLines(await trace.source.blob.text());
  return new Blob([sessionHeader(captureView(trace.table, view)), text], { type: 'text/plain' });
}

export async function downloadSession(trace: LoadedTrace, view: ViewState): Promise<void> {
  downloadBlob(await sessionBlob(trace, view), sessionFileName(trace.title));
}
