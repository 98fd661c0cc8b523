/**
 * What the backend asks while connecting over SSH: whether to trust an unknown host key (with the
 * fingerprint exactly as ssh prints it), a key's passphrase, a password, a sudo password. One
 * prompt at a time, over any other dialog; answers go back once and are never kept.
 */
import { useEffect, useRef, useState } from 'react';
import type { BackendBridge, SshPrompt } from '../../shared/api';
import { parseEventPayload } from '../../shared/api-validate';
import { useModalKeys } from '../app/use-modal-keys';

export function PromptHost({ bridge }: { bridge: BackendBridge | null }) {
  const [queue, setQueue] = useState<SshPrompt[]>([]);
  useEffect(() => {
    if (!bridge) return;
    return bridge.onEvent((name, raw) => {
      if (name === 'sshPrompt') {
        const p = parseEventPayload('sshPrompt', raw);
        if (p.ok) setQueue((q) => [...q, p.value]);
      } else if (name === 'sshPromptClosed') {
        const p = parseEventPayload('sshPromptClosed', raw);
        if (p.ok) setQueue((q) => q.filter((x) => x.promptId !== p.value.promptId));
      }
    });
  }, [bridge]);
  const prompt = queue[0];
  if (!bridge || !prompt) return null;
  const answer = (value: string | null): void => {
    setQueue((q) => q.filter((x) => x.promptId !== prompt.promptId));
    void bridge.request('answerPrompt', { promptId: prompt.promptId, answer: value }).catch(() => undefined);
  };
  return <PromptDialog key={prompt.promptId} prompt={prompt} onAnswer={answer} />;
}

const TITLES: Record<Extract<SshPrompt, { kind: 'secret' }>['purpose'], string> = {
  passphrase: 'Key passphrase',
  password: 'Password',
  'keyboard-interactive': 'The server asks',
  'sudo-password': 'sudo password',
};

function PromptDialog({ prompt, onAnswer }: { prompt: SshPrompt; onAnswer(answer: string | null): void }) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useModalKeys(() => onAnswer(null));
  if (prompt.kind === 'host-key') {
    return (
      <div className="modal-backdrop prompt-layer">
        <div className="modal prompt" role="dialog" aria-modal="true" aria-label="Unknown host key">
          <h2>Is this {prompt.host}?</h2>
          <p>
            The authenticity of host <strong>{prompt.host}</strong> can't be established.
          </p>
          <p>
            {prompt.keyType} key fingerprint is <code data-testid="fingerprint">{prompt.fingerprint}</code>
          </p>
          <p className="muted">
            Compare it with the server's own (<code>ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</code> on the server) before you
            accept. Accepting adds it to your known_hosts, as ssh does.
          </p>
          <div className="dialog-buttons">
            <button type="button" onClick={() => onAnswer(null)}>
              Don't connect
            </button>
            <button type="button" className="primary" onClick={() => onAnswer('yes')}>
              Accept and remember
            </button>
          </div>
        </div>
      </div>
    );
  }
  return (
    <div className="modal-backdrop prompt-layer">
      <form
        className="modal prompt"
        role="dialog"
        aria-modal="true"
        aria-label={TITLES[prompt.purpose]}
        onSubmit={(e) => {
          e.preventDefault();
          onAnswer(text);
        }}
      >
        <h2>
          {TITLES[prompt.purpose]} · {prompt.server}
        </h2>
        <label className="prompt-field">
          <span>{prompt.message}</span>
          <input
            ref={input}
            type={prompt.echo ? 'text' : 'password'}
            autoComplete="off"
            aria-label={prompt.message || TITLES[prompt.purpose]}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <p className="muted small">Used for this connection only; never stored.</p>
        <div className="dialog-buttons">
          <button type="button" onClick={() => onAnswer(null)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            OK
          </button>
        </div>
      </form>
    </div>
  );
}
