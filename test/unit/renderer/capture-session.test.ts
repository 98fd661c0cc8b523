import { describe, expect, it } from 'vitest';
import type { ApiEvents, BackendBridge, EventName, RequestName, RequestParams, RequestResult } from '../../../shared/api';
import { DEFAULT_SETTINGS } from '../../../shared/capture/capture-settings';
import { CaptureSession } from '../../../renderer/capture/capture-session';
import type { TraceSink } from '../../../renderer/loading/trace-loader';

/**
 * A backend whose event order the test decides: Electron's IPC delivers a request's reply and the
 * events sent right after it on different channels, with no order between them.
 */
class ScriptedBridge implements BackendBridge {
  private listeners = new Set<(name: EventName, payload: unknown) => void>();
  /** Sent before startCapture's reply resolves. */
  early: { name: EventName; payload: unknown }[] = [];
  stopped: string[] = [];
  /** startCapture's textUrl: where the backend offers the text, or null when it sends events. */
  textUrl: string | null = null;

  request<M extends RequestName>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    if (method === 'startCapture') {
      for (const e of this.early) this.emitRaw(e.name, e.payload);
      return Promise.resolve({ captureId: 'c1', commandLine: "perf trace --no-syscalls -e 'net:*' -- ping -c1 x", textUrl: this.textUrl } as RequestResult<M>);
    }
    if (method === 'stopCapture') {
      this.stopped.push((params as { captureId: string }).captureId);
      return Promise.resolve({ stopping: true } as RequestResult<M>);
    }
    return Promise.reject(new Error(`not scripted: ${method}`));
  }

  onEvent(listener: (name: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<N extends EventName>(name: N, payload: ApiEvents[N]): void {
    this.emitRaw(name, payload);
  }

  /** What arrives off the wire is unknown until checked. */
  emitRaw(name: EventName, payload: unknown): void {
    for (const l of this.listeners) l(name, payload);
  }
}

function recordingSink(): TraceSink & { text: string; ended: boolean; followed: string[] } {
  const sink = {
    text: '',
    ended: false,
    followed: [] as string[],
    chunk(t: string) {
      sink.text += t;
    },
    follow(url: string) {
      sink.followed.push(url);
    },
    end() {
      sink.ended = true;
    },
    fail() {},
  };
  return sink;
}

describe('a capture session', () => {
  it('keeps chunks that arrive before the start reply, in order, for the capture they belong to', async () => {
    const bridge = new ScriptedBridge();
    bridge.early = [
      { name: 'captureChunk', payload: { captureId: 'c1', text: '# hostname : h\n', bytes: 0 } },
      { name: 'captureChunk', payload: { captureId: 'other', text: 'not ours\n', bytes: 9 } },
      { name: 'captureChunk', payload: { captureId: 'c1', text: '     0.000 ping/1 net:netif_rx()\n', bytes: 33 } },
    ];
    const sink = recordingSink();
    const titles: string[] = [];
    const session = new CaptureSession(bridge, (title) => {
      titles.push(title);
      return sink;
    });
    await session.start({ kind: 'local' }, DEFAULT_SETTINGS, false, 'this machine');
    expect(titles).toEqual(['Live capture on this machine']);
    expect(sink.text).toBe('# hostname : h\n     0.000 ping/1 net:netif_rx()\n');
    expect(session.getView().state.phase).toBe('running');

    bridge.emit('commandOutput', { captureId: 'c1', text: 'PING x\n' });
    await session.stop();
    expect(bridge.stopped).toEqual(['c1']);
    expect(session.getView().state.phase).toBe('stopping');
    bridge.emit('captureEnded', { captureId: 'c1', outcome: 'stopped', exitCode: 0, signal: null, bytes: 33, problem: null });
    expect(sink.ended).toBe(true);
    expect(session.getView()).toMatchObject({ state: { phase: 'ended', ended: { outcome: 'stopped' } }, output: 'PING x\n' });
  });

  it('has the loader fetch the text where the backend offers it at an address', async () => {
    const bridge = new ScriptedBridge();
    const url = `/live/${'a'.repeat(32)}/capture.txt`;
    bridge.textUrl = url;
    const sink = recordingSink();
    const session = new CaptureSession(bridge, () => sink);
    await session.start({ kind: 'local' }, DEFAULT_SETTINGS, false, 'this machine');
    expect(sink.followed).toEqual([url]);
  });

  it('ignores payloads that break the contract', async () => {
    const bridge = new ScriptedBridge();
    const sink = recordingSink();
    const session = new CaptureSession(bridge, () => sink);
    await session.start({ kind: 'local' }, DEFAULT_SETTINGS, false, 'this machine');
    bridge.emitRaw('captureChunk', { captureId: 'c1', text: 42, bytes: 1 });
    expect(sink.text).toBe('');
  });
});
