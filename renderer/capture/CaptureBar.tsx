/**
 * The running or finished capture, under the toolbar: what runs, how many events so far, Stop;
 * then how it ended, Save, and when it failed, why and what to do.
 */
import { useEffect, useState } from 'react';
import type { CaptureEnded, CaptureProblem } from '../../shared/api';
import { KEYS } from '../app/use-shortcuts';
import type { CaptureView } from './capture-session';
import { CommandLine } from './CommandLine';
import { PermissionsHelp } from './PermissionsHelp';

interface Props {
  view: CaptureView;
  events: number;
  following: boolean;
  onStop(): void;
  onSave(): void;
  onRetryElevated(): void;
  onEditSettings(): void;
  onFollow(): void;
  onDismiss(): void;
}

export function CaptureBar({ view, events, following, onStop, onSave, onRetryElevated, onEditSettings, onFollow, onDismiss }: Props) {
  const s = view.state;
  if (s.phase === 'idle') return null;
  if (s.phase === 'starting') {
    return (
      <section className="capture-bar" aria-label="Capture" data-testid="capture-bar">
        <span className="capture-status">Starting perf…</span>
      </section>
    );
  }
  if (s.phase === 'start-failed') {
    return (
      <section className="capture-bar failed" aria-label="Capture" data-testid="capture-bar" role="alert">
        <span className="capture-status">The capture did not start: {s.message}</span>
        <span className="spacer" />
        <button type="button" onClick={onEditSettings}>
          Change settings…
        </button>
        <button type="button" onClick={onDismiss} aria-label="Close">
          ×
        </button>
      </section>
    );
  }
  const ended = s.phase === 'ended' ? s.ended : null;
  const running = ended === null;
  const problem = ended?.problem ?? null;
  return (
    <section className={problem ? 'capture-bar failed' : 'capture-bar'} aria-label="Capture" data-testid="capture-bar">
      <div className="capture-row">
        {running ? <span className="rec" aria-hidden="true" /> : null}
        <span className="capture-status" data-testid="capture-status">
          {ended ? endedText(ended.outcome, ended.exitCode) : s.phase === 'stopping' ? 'Stopping…' : 'Capturing'}
          {' · '}
          <span data-testid="capture-events">{events.toLocaleString('en')}</span> events
          {running && (
            <>
              {' · '}
              <Elapsed since={s.startedAt} />
            </>
          )}
        </span>
        <CommandLine text={s.commandLine} />
        <span className="spacer" />
        {running && !following && (
          <button type="button" onClick={onFollow} title="Show the whole capture and follow the newest events (F)">
            Follow
          </button>
        )}
        {!ended ? (
          <button type="button" className="danger" onClick={onStop} disabled={s.phase === 'stopping'} title={`Stop perf, keeping every event (${KEYS.stopCapture})`}>
            Stop
          </button>
        ) : (
          <>
            <button type="button" onClick={onSave} disabled={ended.bytes === 0} title="Save the capture as a trace file: its header, then perf's output">
              Save…
            </button>
            <button type="button" onClick={onEditSettings} title={`New capture (${KEYS.newCapture})`}>
              New capture…
            </button>
            <button type="button" onClick={onDismiss} aria-label="Close">
              ×
            </button>
          </>
        )}
      </div>
      {ended?.outcome === 'capped' && (
        <p className="capture-notice" role="status" data-testid="capture-notice">
          The capture reached its cap of {s.settings.maxEvents.toLocaleString('en')} events, so perf was stopped as Stop does: every event
          it printed is kept. To capture more, start a new capture with a higher “Stop after … events”.
        </p>
      )}
      {problem && <ProblemView problem={problem} onRetryElevated={onRetryElevated} />}
      {view.output && (
        <details className="command-output">
          <summary>What the command printed</summary>
          <pre>{view.output}</pre>
        </details>
      )}
    </section>
  );
}

function endedText(outcome: CaptureEnded['outcome'], exitCode: number | null): string {
  if (outcome === 'stopped') return 'Stopped';
  if (outcome === 'capped') return 'Stopped at the cap';
  if (outcome === 'failed') return 'Failed';
  if (outcome === 'interrupted') return 'Interrupted';
  return exitCode === 0 || exitCode === null ? 'Finished' : `Finished (perf exited ${exitCode})`;
}

function ProblemView({ problem, onRetryElevated }: { problem: CaptureProblem; onRetryElevated(): void }) {
  return (
    <div className="capture-problem" role="alert" data-testid="capture-problem">
      <p className="problem-message">{problem.message}</p>
      {problem.fix && <p className="problem-fix">{problem.fix}</p>}
      {problem.canElevate && (
        <button type="button" className="primary" onClick={onRetryElevated}>
          Run perf as root ({problem.kind === 'permission' ? 'asks for a password' : 'try again'})
        </button>
      )}
      {problem.kind === 'permission' && <PermissionsHelp />}
      {problem.perfSaid && (
        <details>
          <summary>What perf said</summary>
          <pre>{problem.perfSaid}</pre>
        </details>
      )}
    </div>
  );
}

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  const s = Math.max(0, Math.floor((now - since) / 1000));
  return <span>{`${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`}</span>;
}
