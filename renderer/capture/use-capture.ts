/**
 * Captures for the window: the session talking to the backend, the dialog's open state, and what
 * Start, Stop, Save and "try again as administrator" do.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { CaptureTarget } from '../../shared/api';
import type { CaptureSettings } from '../../shared/capture/capture-settings';
import type { Backend } from '../app/use-backend';
import type { TraceLoader } from '../loading/trace-loader';
import { CaptureSession, type CaptureView } from './capture-session';
import { recallSettings, rememberSettings } from './capture-memory';
import { downloadFromBackend } from './download';

const IDLE: CaptureView = { state: { phase: 'idle' }, output: '' };
const noSubscribe = (): (() => void) => () => undefined;

export interface Capture {
  view: CaptureView;
  dialogOpen: boolean;
  /** The settings the dialog opens with: the last ones started, or remembered from before. */
  settings: CaptureSettings;
  openDialog(): void;
  closeDialog(): void;
  loadTarget(): Promise<CaptureTarget>;
  start(settings: CaptureSettings, target: CaptureTarget): void;
  retryElevated(): void;
  stop(): void;
  save(): void;
  dismiss(): void;
}

export function useCapture(backend: Backend | null, loader: TraceLoader): Capture {
  const [session, setSession] = useState<CaptureSession | null>(null);
  useEffect(() => {
    if (!backend?.info.captureAvailable) return;
    const s = new CaptureSession(backend.bridge, (title) => loader.begin(title, { size: null, live: true }));
    setSession(s);
    return () => {
      s.dispose();
      setSession(null);
    };
  }, [backend, loader]);
  const view = useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getView ?? (() => IDLE));
  const [dialogOpen, setDialogOpen] = useState(false);
  const [settings, setSettings] = useState(recallSettings);
  const [target, setTarget] = useState<CaptureTarget | null>(null);

  const report = useCallback((err: unknown) => loader.reportError(err instanceof Error ? err.message : String(err)), [loader]);

  const start = useCallback(
    (s: CaptureSettings, t: CaptureTarget, elevate = false) => {
      if (!session) return;
      rememberSettings(s);
      setSettings(s);
      setTarget(t);
      setDialogOpen(false);
      void session.start(s, elevate, t.hostname);
    },
    [session],
  );

  return {
    view,
    dialogOpen,
    settings,
    openDialog: () => {
      if (session && !session.isActive()) setDialogOpen(true);
    },
    closeDialog: () => setDialogOpen(false),
    loadTarget: useCallback(() => session?.target() ?? Promise.reject(new Error('This window cannot capture.')), [session]),
    start,
    retryElevated: () => {
      const s = view.state;
      if (target && s.phase !== 'idle') start(s.settings, target, true);
    },
    stop: () => void session?.stop().catch(report),
    save: () => {
      const name = `skbscope-${target?.hostname ?? 'capture'}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.txt`;
      session
        ?.save(name)
        ?.then((result) => {
          if (result.kind === 'download') downloadFromBackend(result.url, result.name);
          else if (result.kind === 'saved') loader.reportNotice(`Saved the capture as ${result.name}.`);
        })
        .catch(report);
    },
    dismiss: () => session?.dismiss(),
  };
}
