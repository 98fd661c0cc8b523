/**
 * Captures for the window: the session talking to the backend, the dialog's open state, the last
 * target and settings, and what Start, Stop, Save and "try again as root" do.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { CaptureTarget, TargetRef } from '../../shared/api';
import type { CaptureSettings } from '../../shared/capture/capture-settings';
import type { Backend } from '../app/use-backend';
import type { TraceLoader } from '../loading/trace-loader';
import { type LastCapture, recallLastCapture, rememberLastCapture } from './capture-memory';
import { CaptureSession, type CaptureView } from './capture-session';
import { settle } from '../app/saving';

const IDLE: CaptureView = { state: { phase: 'idle' }, output: '' };
const noSubscribe = (): (() => void) => () => undefined;

export interface Capture {
  /** The backend, to list and save servers; null where this window cannot capture. */
  session: CaptureSession | null;
  view: CaptureView;
  dialogOpen: boolean;
  /** What the dialog opens with: the last capture started, or remembered from before. */
  last: LastCapture;
  openDialog(): void;
  closeDialog(): void;
  start(target: TargetRef, settings: CaptureSettings, info: CaptureTarget): void;
  retryElevated(): void;
  stop(): void;
  save(): void;
  dismiss(): void;
}

export function useCapture(backend: Backend | null, loader: TraceLoader): Capture {
  const [session, setSession] = useState<CaptureSession | null>(null);
  useEffect(() => {
    if (!backend?.info.captureAvailable) return;
    const s = new CaptureSession(backend.bridge, (title, captureId) => loader.begin(title, { size: null, live: true, source: { kind: 'capture', captureId } }));
    setSession(s);
    return () => {
      s.dispose();
      setSession(null);
    };
  }, [backend, loader]);
  const view = useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getView ?? (() => IDLE));
  const [dialogOpen, setDialogOpen] = useState(false);
  const [last, setLast] = useState(recallLastCapture);
  const [info, setInfo] = useState<CaptureTarget | null>(null);

  const report = useCallback((err: unknown) => loader.reportError(err instanceof Error ? err.message : String(err)), [loader]);

  const start = useCallback(
    (target: TargetRef, settings: CaptureSettings, t: CaptureTarget, elevate = false) => {
      if (!session) return;
      rememberLastCapture({ target, settings });
      setLast({ target, settings });
      setInfo(t);
      setDialogOpen(false);
      void session.start(target, settings, elevate, t.where);
    },
    [session],
  );

  return {
    session,
    view,
    dialogOpen,
    last,
    openDialog: () => {
      if (session && !session.isActive()) setDialogOpen(true);
    },
    closeDialog: () => setDialogOpen(false),
    start,
    retryElevated: () => {
      const s = view.state;
      if (info && s.phase !== 'idle') start(s.target, s.settings, info, true);
    },
    stop: () => void session?.stop().catch(report),
    save: () => {
      const name = `skbscope-${info?.hostname ?? 'capture'}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.txt`;
      session
        ?.save(name)
        ?.then((result) => {
          const message = settle(result);
          if (message) loader.reportNotice(message);
        })
        .catch(report);
    },
    dismiss: () => session?.dismiss(),
  };
}
