/**
 * One capture at a time, from the renderer's side: starts perf through the backend, pours its
 * output into the trace loader as it comes (or has the loader fetch it, where the backend offers
 * its text at an address), and follows it to its end. Events can overtake the
 * reply to startCapture (Electron's IPC keeps no order between the two), so chunks for a capture
 * not yet known are held until the reply names it.
 */
import type { BackendBridge, CaptureEnded, CaptureTarget, SaveResult, ServerEntry, ServerSpec, TargetRef } from '../../shared/api';
import { parseEventPayload } from '../../shared/api-validate';
import type { CaptureSettings } from '../../shared/capture/capture-settings';
import type { TraceSink } from '../loading/trace-loader';

export type CapturePhase =
  | { phase: 'idle' }
  | { phase: 'starting'; target: TargetRef; settings: CaptureSettings; elevate: boolean }
  | { phase: 'running' | 'stopping'; target: TargetRef; settings: CaptureSettings; captureId: string; commandLine: string; startedAt: number }
  | { phase: 'ended'; target: TargetRef; settings: CaptureSettings; captureId: string; commandLine: string; startedAt: number; ended: CaptureEnded }
  | { phase: 'start-failed'; target: TargetRef; settings: CaptureSettings; message: string };

export interface CaptureView {
  state: CapturePhase;
  /** What the traced command printed, the last OUTPUT_KEPT characters. */
  output: string;
}

const OUTPUT_KEPT = 64 * 1024;

export class CaptureSession {
  private view: CaptureView = { state: { phase: 'idle' }, output: '' };
  private readonly listeners = new Set<() => void>();
  private sink: TraceSink | null = null;
  private held: { captureId: string; name: 'captureChunk' | 'commandOutput' | 'captureEnded'; payload: unknown }[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bridge: BackendBridge,
    /** Opens a live load in the trace loader for a capture that started. */
    private readonly openLive: (title: string, captureId: string) => TraceSink,
  ) {
    this.unsubscribe = bridge.onEvent((name, payload) => {
      if (name === 'captureChunk' || name === 'commandOutput' || name === 'captureEnded') this.onCaptureEvent(name, payload);
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): CaptureView => this.view;

  dispose(): void {
    this.unsubscribe();
  }

  listServers(): Promise<{ servers: ServerEntry[]; problem: string | null }> {
    return this.bridge.request('listServers', {});
  }

  saveServer(spec: ServerSpec): Promise<ServerEntry> {
    return this.bridge.request('saveServer', { spec });
  }

  forgetServer(serverId: string): Promise<{ forgotten: boolean }> {
    return this.bridge.request('forgetServer', { serverId });
  }

  target(target: TargetRef): Promise<CaptureTarget> {
    return this.bridge.request('captureTarget', { target });
  }

  /** `where` names the target in the title: `this machine`, `root@10.0.0.5`. */
  async start(target: TargetRef, settings: CaptureSettings, elevate: boolean, where: string): Promise<void> {
    if (this.isActive()) return;
    this.held = [];
    this.set({ state: { phase: 'starting', target, settings, elevate }, output: '' });
    try {
      const started = await this.bridge.request('startCapture', { target, settings, elevate });
      this.sink = this.openLive(`Live capture on ${where}`, started.captureId);
      if (started.textUrl !== null) this.sink.follow(started.textUrl);
      this.set({ state: { phase: 'running', target, settings, ...started, startedAt: Date.now() }, output: '' });
      const held = this.held.filter((h) => h.captureId === started.captureId);
      this.held = [];
      for (const h of held) this.onCaptureEvent(h.name, h.payload);
    } catch (err) {
      this.set({ state: { phase: 'start-failed', target, settings, message: err instanceof Error ? err.message : String(err) }, output: '' });
    }
  }

  async stop(): Promise<void> {
    const s = this.view.state;
    if (s.phase !== 'running') return;
    this.set({ state: { ...s, phase: 'stopping' } });
    await this.bridge.request('stopCapture', { captureId: s.captureId });
  }

  save(suggestedName: string): Promise<SaveResult> | null {
    const s = this.view.state;
    if (s.phase !== 'ended' || s.ended.bytes === 0) return null;
    return this.bridge.request('saveCapture', { captureId: s.captureId, suggestedName });
  }

  /** Back to no capture (the trace it made stays on screen). */
  dismiss(): void {
    if (!this.isActive()) this.set({ state: { phase: 'idle' }, output: '' });
  }

  isActive(): boolean {
    const p = this.view.state.phase;
    return p === 'starting' || p === 'running' || p === 'stopping';
  }

  private onCaptureEvent(name: 'captureChunk' | 'commandOutput' | 'captureEnded', raw: unknown): void {
    const s = this.view.state;
    const parsed = parseEventPayload(name, raw);
    if (!parsed.ok) return;
    const { captureId } = parsed.value;
    if (s.phase === 'starting') {
      this.held.push({ captureId, name, payload: raw });
      return;
    }
    if ((s.phase !== 'running' && s.phase !== 'stopping') || s.captureId !== captureId) return;
    const v = parsed.value;
    if ('outcome' in v) {
      this.sink?.end();
      this.sink = null;
      this.set({ state: { ...s, phase: 'ended', ended: v } });
    } else if ('bytes' in v) {
      this.sink?.chunk(v.text, v.bytes);
    } else {
      this.set({ output: (this.view.output + v.text).slice(-OUTPUT_KEPT) });
    }
  }

  private set(patch: Partial<CaptureView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l();
  }
}
