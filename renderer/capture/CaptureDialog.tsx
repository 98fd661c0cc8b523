/**
 * The capture dialog: where (this machine or a server), which tracepoints (read from that machine),
 * on what (a command, or the whole system), and the exact perf command that will run. Start
 * remembers the choice for next time.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CaptureTarget, TargetRef } from '../../shared/api';
import { type CaptureSettings, settingsProblems } from '../../shared/capture/capture-settings';
import { perfCommandLine } from '../../shared/capture/perf-argv';
import { shellQuote, splitCommand } from '../../shared/capture/shell-quote';
import type { LastCapture } from './capture-memory';
import type { CaptureSession } from './capture-session';
import { CommandLine } from './CommandLine';
import { PermissionsHelp } from './PermissionsHelp';
import { TargetPicker } from './TargetPicker';
import { TracepointPicker } from './TracepointPicker';
import { useModalKeys } from '../app/use-modal-keys';

interface Props {
  session: CaptureSession;
  last: LastCapture;
  onStart(target: TargetRef, settings: CaptureSettings, info: CaptureTarget): void;
  onClose(): void;
}

export function CaptureDialog({ session, last, onStart, onClose }: Props) {
  const initial = last.settings;
  const [where, setWhere] = useState<TargetRef>(last.target);
  const [target, setTarget] = useState<CaptureTarget | null>(null);
  const [targetError, setTargetError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [events, setEvents] = useState(initial.events);
  const [filters, setFilters] = useState(initial.filters);
  const [modeKind, setModeKind] = useState(initial.mode.kind);
  const [commandText, setCommandText] = useState(initial.mode.kind === 'command' ? initial.mode.argv.map(shellQuote).join(' ') : '');
  const [secondsText, setSecondsText] = useState(initial.mode.kind === 'system' && initial.mode.seconds !== null ? String(initial.mode.seconds) : '');
  const [maxText, setMaxText] = useState(String(initial.maxEvents));

  // Reading a server's tracepoints connects to it: host key and secrets are asked on the way.
  useEffect(() => {
    let live = true;
    setTarget(null);
    setTargetError(null);
    session.target(where).then(
      (t) => live && setTarget(t),
      (err: unknown) => live && setTargetError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [session, where, attempt]);

  const argv = splitCommand(commandText);
  const settings: CaptureSettings = useMemo(
    () => ({
      events,
      filters,
      mode: modeKind === 'command' ? { kind: 'command', argv: argv ?? [] } : { kind: 'system', seconds: secondsText.trim() ? Number(secondsText) : null },
      // Empty reads as 0, which settingsProblems refuses: there is always a cap.
      maxEvents: Number(maxText),
    }),
    [events, filters, modeKind, argv?.join('\0'), secondsText, maxText],
  );
  const problems = [...(modeKind === 'command' && argv === null ? ['The command has a quote that is not closed.'] : []), ...settingsProblems(settings)];
  const canStart = target !== null && problems.length === 0;
  const start = (): void => {
    if (canStart) onStart(where, settings, target);
  };
  useModalKeys(onClose, start);

  return (
    <div className="modal-backdrop">
      <div className="modal capture-dialog" role="dialog" aria-modal="true" aria-label="New capture">
        <h2>New capture</h2>

        <section aria-label="Target">
          <h3>Where</h3>
          <TargetPicker session={session} value={where} onChange={setWhere} />
          {target ? (
            <p data-testid="capture-target">
              {where.kind === 'local' ? 'This machine' : target.where}: <strong>{target.hostname}</strong> · Linux {target.kernel} ·{' '}
              {target.perfVersion ?? <span className="warn">perf is not installed</span>}
              {target.isRoot ? ' · as root' : target.elevateWith === 'sudo' && !target.where.includes('sudo') ? ' · perf can run through sudo' : ''}
            </p>
          ) : targetError ? (
            <p className="warn" role="alert" data-testid="capture-target-error">
              {targetError}{' '}
              <button type="button" className="link" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>
            </p>
          ) : (
            <p className="muted">{where.kind === 'local' ? 'Asking this machine what it can trace…' : 'Connecting…'}</p>
          )}
          {target?.problem && <p className="warn">{target.problem}</p>}
        </section>

        <section aria-label="Tracepoints">
          <h3>What</h3>
          <TracepointPicker
            groups={target?.tracepoints ?? []}
            events={events}
            filters={filters}
            onChange={(e, f) => {
              setEvents(e);
              setFilters(f);
            }}
          />
        </section>

        <section aria-label="Mode">
          <h3>On what</h3>
          <label className="mode">
            <input type="radio" name="mode" checked={modeKind === 'command'} onChange={() => setModeKind('command')} />
            Run a command and trace what it sends
          </label>
          <input
            type="text"
            className="command-input"
            aria-label="Command"
            placeholder="ping -c1 172.17.0.2"
            value={commandText}
            disabled={modeKind !== 'command'}
            onChange={(e) => setCommandText(e.target.value)}
          />
          <label className="mode">
            <input type="radio" name="mode" checked={modeKind === 'system'} onChange={() => setModeKind('system')} />
            The whole system (-a) for
            <input
              type="number"
              min={1}
              className="seconds"
              aria-label="Seconds"
              placeholder="∞"
              value={secondsText}
              disabled={modeKind !== 'system'}
              onChange={(e) => setSecondsText(e.target.value)}
            />
            seconds (empty: until Stop)
          </label>
          <label className="limit" title="The cap keeps a forgotten capture from filling the memory: each event takes some 60 bytes in this window">
            Stop after
            <input type="number" min={1} aria-label="Maximum events" value={maxText} onChange={(e) => setMaxText(e.target.value)} />
            events (the cap; perf is stopped as Stop does, keeping them all)
          </label>
        </section>

        <CommandLine text={perfCommandLine(settings)} />
        {problems.length > 0 && (
          <ul className="problems" aria-label="What to fix">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {target && !target.isRoot && <PermissionsHelp />}

        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!canStart} onClick={start} title="Start perf (Ctrl+Enter)">
            Start capture
          </button>
        </div>
      </div>
    </div>
  );
}
