/** The window: toolbar, capture bar, timeline with its side panels, status bar; or the empty state. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { saveSession as saveSessionFile, useSessionRestore } from '../session/use-session';
import type { ViewState } from '../session/session-view';
import { CaptureBar } from '../capture/CaptureBar';
import { CaptureDialog } from '../capture/CaptureDialog';
import { PromptHost } from '../capture/PromptDialog';
import { useCapture } from '../capture/use-capture';
import { SkippedLinesDialog } from '../panels/SkippedLinesDialog';
import { type Highlight, NO_HIGHLIGHT } from '../timeline/event-looks';
import { useJourneys } from '../journeys/use-journeys';
import { useJourneySearch } from '../journeys/use-journey-search';
import type { TimelineHandle } from '../timeline/TimelineView';
import { ExportDialog } from '../export/ExportDialog';
import { saveMade } from './saving';
import { DropOverlay } from './DropOverlay';
import { EmptyState } from './EmptyState';
import { MessageBanner } from './MessageBanner';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { useOpening } from './use-opening';
import { type Shortcuts, useShortcuts } from './use-shortcuts';
import { useMenuCommands } from './use-menu-commands';
import { useRecentFiles } from './use-recent-files';
import { useTheme } from './use-theme';
import { useTraceLoader } from './use-trace-loader';
import { Workspace } from './Workspace';

export function App() {
  const [loader, state] = useTraceLoader();
  const [highlight, setHighlight] = useState<Highlight>(NO_HIGHLIGHT);
  const [showSkipped, setShowSkipped] = useState(false);
  const [following, setFollowing] = useState(true);
  const [hiddenRows, setHiddenRows] = useState<ReadonlySet<number>>(new Set());
  const [query, setQuery] = useState('');
  const [exporting, setExporting] = useState<{ startUs: number; endUs: number; widthPx: number } | null>(null);
  const timeline = useRef<TimelineHandle>(null);
  const { backend, open, openGrant, openBlob, openSample, fileInput } = useOpening(loader);
  const theme = useTheme();
  const capture = useCapture(backend, loader);
  const trace = state.trace;
  const recent = useRecentFiles(backend, trace === null);
  const journeys = useJourneys(trace);
  const search = useJourneySearch(query, trace?.table ?? null, journeys);
  const captureAvailable = backend?.info.captureAvailable ?? false;

  // A new trace starts with nothing selected or searched for and every row shown, unless its session says otherwise.
  useEffect(() => {
    setHighlight(NO_HIGHLIGHT);
    setHiddenRows(new Set());
    setQuery('');
  }, [trace?.table]);
  const sessionPorts = useMemo(
    () => ({
      current: () => {
        const visible = timeline.current?.visible();
        return visible ? { range: { startUs: visible.startUs, endUs: visible.endUs }, highlight, hiddenRows, search: query } : null;
      },
      restore: (state: ViewState) => {
        setHighlight(state.highlight);
        setHiddenRows(state.hiddenRows);
        setQuery(state.search);
        timeline.current?.setRange(state.range.startUs, state.range.endUs);
      },
    }),
    [highlight, hiddenRows, query],
  );
  useSessionRestore(trace, sessionPorts);
  const saveSession = useCallback((): void => {
    const view = sessionPorts.current();
    if (!trace || !view) return;
    saveSessionFile(backend, trace, view).then(
      (message) => message && loader.reportNotice(message),
      (err: unknown) => loader.reportError(`Could not save the session: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, [backend, trace, sessionPorts, loader]);

  const shortcuts: Shortcuts = useMemo(
    () => ({
      open,
      save: saveSession,
      exportImage: () => {
        const visible = timeline.current?.visible();
        if (visible) setExporting(visible);
      },
      newCapture: capture.openDialog,
      stopCapture: capture.stop,
      zoomIn: () => timeline.current?.zoom(0.5),
      zoomOut: () => timeline.current?.zoom(2),
      panLeft: () => timeline.current?.pan(-0.2),
      panRight: () => timeline.current?.pan(0.2),
      fit: () => timeline.current?.fit(),
      clearSelection: () => setHighlight(NO_HIGHLIGHT),
    }),
    [open, saveSession, capture.openDialog, capture.stop],
  );
  useShortcuts(shortcuts);
  const menuActions = useMemo(() => ({ ...shortcuts, cycleTheme: theme.cycle }), [shortcuts, theme.cycle]);
  useMenuCommands(backend?.bridge ?? null, menuActions);

  return (
    <div className="app">
      <Toolbar
        hasTrace={trace !== null}
        title={trace?.title ?? null}
        metadata={trace?.metadata ?? null}
        captureAvailable={captureAvailable}
        onOpen={open}
        onSample={openSample}
        onCapture={capture.openDialog}
        onExport={shortcuts.exportImage}
        onSaveSession={saveSession}
        theme={theme.setting}
        onTheme={theme.cycle}
        onZoomIn={shortcuts.zoomIn}
        onZoomOut={shortcuts.zoomOut}
        onFit={shortcuts.fit}
      />
      <CaptureBar
        view={capture.view}
        events={state.liveEvents}
        following={following}
        onStop={capture.stop}
        onSave={capture.save}
        onRetryElevated={capture.retryElevated}
        onEditSettings={capture.openDialog}
        onFollow={shortcuts.fit}
        onDismiss={capture.dismiss}
      />
      {state.error && <MessageBanner kind="error" message={state.error} onDismiss={() => loader.dismissError()} />}
      {state.notice && <MessageBanner kind="notice" message={state.notice} onDismiss={() => loader.dismissNotice()} />}
      {state.progress && (
        <div className="banner progress" role="status">
          Reading {state.progress.title}…
          <progress value={state.progress.bytesRead} max={state.progress.size ?? undefined} aria-label="Reading progress" />
        </div>
      )}
      <main className="workspace">
        {trace ? (
          <Workspace
            trace={trace}
            revision={state.revision}
            journeys={journeys}
            search={search}
            onQuery={setQuery}
            highlight={highlight}
            onHighlight={setHighlight}
            onFollowing={setFollowing}
            timeline={timeline}
            zoomTo={(s, e) => timeline.current?.showRange(s, e)}
            hiddenRows={hiddenRows}
            onHiddenRows={setHiddenRows}
          />
        ) : (
          <EmptyState
            onOpen={open}
            recent={recent}
            onOpenRecent={openGrant}
            onSample={openSample}
            onCapture={capture.openDialog}
            captureAvailable={captureAvailable}
          />
        )}
      </main>
      {trace && <StatusBar trace={trace} packets={journeys?.journeys.length ?? null} onShowSkipped={() => setShowSkipped(true)} />}
      {showSkipped && trace && (
        <SkippedLinesDialog skipped={trace.skipped} total={trace.totals?.skippedLines ?? trace.skipped.length} onClose={() => setShowSkipped(false)} />
      )}
      {capture.dialogOpen && capture.session && (
        <CaptureDialog session={capture.session} last={capture.last} onStart={capture.start} onClose={capture.closeDialog} />
      )}
      <PromptHost bridge={backend?.bridge ?? null} />
      {exporting && trace && (
        <ExportDialog
          trace={trace}
          visible={exporting}
          hiddenRows={hiddenRows}
          journeys={journeys}
          search={search}
          highlight={highlight}
          version={backend?.info.version ?? ''}
          theme={theme.theme}
          onExport={async (png, name) => {
            const message = await saveMade(backend, 'image', png, name);
            if (message) loader.reportNotice(message);
          }}
          onClose={() => setExporting(null)}
        />
      )}
      <DropOverlay onFile={openBlob} />
      <input
        ref={fileInput}
        type="file"
        hidden
        data-testid="file-input"
        accept=".txt,.log,.trace,.perf,text/plain"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) openBlob(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}
