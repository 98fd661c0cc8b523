/**
 * Sessions for the window: restores a session file's view once its trace has loaded, and saves the
 * trace with the current view as a session file.
 */
import { useEffect, useRef } from 'react';
import { SESSION_EXTENSION, sessionHeader, withoutSessionLines } from '../../shared/session/session-file';
import { MAX_SESSION_HEADER_CHARS } from '../../shared/api';
import { saveMade, settle } from '../app/saving';
import type { Backend } from '../app/use-backend';
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

/**
 * Saves the trace with this view. A trace the backend holds (a file it opened, a capture) is
 * written by the backend from its own copy; one whose text the page holds is made here.
 * Resolves to what to tell the user, if anything.
 */
export async function saveSession(backend: Backend | null, trace: LoadedTrace, view: ViewState): Promise<string | null> {
  const header = sessionHeader(captureView(trace.table, view));
  if (header.length > MAX_SESSION_HEADER_CHARS) {
    throw new Error('this view is too large to keep in a session (thousands of hidden rows): show some rows again and save.');
  }
  const name = sessionFileName(trace.title);
  const { source } = trace;
  if (source.kind === 'text') {
    const text = withoutSessionLines(await source.blob.text());
    return saveMade(backend, 'session', new Blob([header, text], { type: 'text/plain' }), name);
  }
  if (!backend) throw new Error('The backend that holds this trace is not reachable.');
  const held = source.kind === 'backend-file' ? ({ kind: 'file', fileId: source.fileId } as const) : ({ kind: 'capture', captureId: source.captureId } as const);
  return settle(await backend.bridge.request('saveSession', { trace: held, header, suggestedName: name }));
}
