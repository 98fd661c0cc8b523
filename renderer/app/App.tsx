/** The window: toolbar, timeline with its side panels, status bar; or the empty state. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BackendBridge, FileGrant } from '../../shared/api';
import { readBackendFile } from '../loading/read-backend-file';
import { readBrowserFile } from '../loading/read-browser-file';
import { loadSample, type Sample } from '../loading/samples';
import { DetailsPanel } from '../panels/DetailsPanel';
import { HopList } from '../panels/HopList';
import { Legend } from '../panels/Legend';
import { SkippedLinesDialog } from '../panels/SkippedLinesDialog';
import type { Highlight } from '../timeline/timeline-controller';
import { type TimelineHandle, TimelineView } from '../timeline/TimelineView';
import { DropOverlay } from './DropOverlay';
import { EmptyState } from './EmptyState';
import { MessageBanner } from './MessageBanner';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { useBackend } from './use-backend';
import { useShortcuts } from './use-shortcuts';
import { useTraceLoader } from './use-trace-loader';

const NO_HIGHLIGHT: Highlight = { packet: null, event: null };

export function App() {
  const [loader, state] = useTraceLoader();
  const [highlight, setHighlight] = useState<Highlight>(NO_HIGHLIGHT);
  const [showSkipped, setShowSkipped] = useState(false);
  const timeline = useRef<TimelineHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const trace = state.trace;
  const table = trace?.table ?? null;

  const openGrant = useCallback(
    (bridge: BackendBridge, grant: FileGrant) => void readBackendFile(bridge, grant, loader.begin(grant.name, grant.size)),
    [loader],
  );
  const openBlob = useCallback((file: File) => void readBrowserFile(file, loader.begin(file.name, file.size)), [loader]);
  const openSample = useCallback((s: Sample) => loadSample(s, loader.begin(`Sample: ${s.title}`, s.text.length)), [loader]);
  const reports = useMemo(
    () => ({ error: (m: string) => loader.reportError(m), notice: (m: string) => loader.reportNotice(m) }),
    [loader],
  );
  const backend = useBackend(openGrant, reports);

  const open = useCallback(() => {
    if (backend?.info.nativeOpenDialog) {
      backend.bridge
        .request('showOpenDialog', {})
        .then((grant) => grant && openGrant(backend.bridge, grant))
        .catch((err: unknown) =>
          loader.reportError(`Could not open the file: ${err instanceof Error ? err.message : String(err)}`),
        );
    } else {
      fileInput.current?.click();
    }
  }, [backend, openGrant, loader]);

  // A new trace starts with nothing selected.
  useEffect(() => setHighlight(NO_HIGHLIGHT), [table]);

  const shortcuts = useMemo(
    () => ({
      open,
      zoomIn: () => timeline.current?.zoom(0.5),
      zoomOut: () => timeline.current?.zoom(2),
      panLeft: () => timeline.current?.pan(-0.2),
      panRight: () => timeline.current?.pan(0.2),
      fit: () => timeline.current?.fit(),
      clearSelection: () => setHighlight(NO_HIGHLIGHT),
    }),
    [open],
  );
  useShortcuts(shortcuts);

  const selectEvent = useCallback(
    (event: number | null) => {
      if (event === null || !table) return setHighlight(NO_HIGHLIGHT);
      const packet = table.packetOf(event);
      setHighlight({ packet: packet < 0 ? null : packet, event });
    },
    [table],
  );

  return (
    <div className="app">
      <Toolbar
        hasTrace={table !== null}
        title={trace?.title ?? null}
        captureAvailable={backend?.info.captureAvailable ?? false}
        onOpen={open}
        onSample={openSample}
        onZoomIn={shortcuts.zoomIn}
        onZoomOut={shortcuts.zoomOut}
        onFit={shortcuts.fit}
      />
      {state.error && <MessageBanner kind="error" message={state.error} onDismiss={() => loader.dismissError()} />}
      {state.notice && <MessageBanner kind="notice" message={state.notice} onDismiss={() => loader.dismissNotice()} />}
      {state.progress && (
        <div className="banner progress" role="status">
          Reading {state.progress.title}…
          <progress
            value={state.progress.bytesRead}
            max={state.progress.size ?? undefined}
            aria-label="Reading progress"
          />
        </div>
      )}
      <main className="workspace">
        {trace && table ? (
          <>
            <TimelineView
              ref={timeline}
              table={table}
              revision={state.revision}
              highlight={highlight}
              onEventClick={selectEvent}
            />
            <aside className="side">
              {highlight.packet !== null && (
                <HopList
                  table={table}
                  revision={state.revision}
                  packet={highlight.packet}
                  focusedEvent={highlight.event}
                  onFocus={(e) => setHighlight({ packet: highlight.packet, event: e })}
                  onZoom={(s, e) => timeline.current?.showRange(s, e)}
                />
              )}
              {highlight.event !== null && <DetailsPanel table={table} event={highlight.event} />}
              <Legend
                table={table}
                revision={state.revision}
                selected={highlight.packet}
                onSelect={(p) => setHighlight({ packet: p, event: null })}
              />
            </aside>
          </>
        ) : (
          <EmptyState onOpen={open} onSample={openSample} captureAvailable={backend?.info.captureAvailable ?? false} />
        )}
      </main>
      {trace && <StatusBar trace={trace} onShowSkipped={() => setShowSkipped(true)} />}
      {showSkipped && trace && (
        <SkippedLinesDialog
          skipped={trace.skipped}
          total={trace.totals?.skippedLines ?? trace.skipped.length}
          onClose={() => setShowSkipped(false)}
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
