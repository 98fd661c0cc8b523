/**
 * The SSH layer's questions as the contract carries them: each becomes an sshPrompt event with an
 * id of its own, and the renderer answers it with answerPrompt. A question that is no longer
 * needed (its connection went, the window went, nobody answered for a long time) is withdrawn
 * with sshPromptClosed. Answers are handed straight to whoever asked and kept nowhere.
 */
import { randomBytes } from 'node:crypto';
import type { SshPrompt } from '../../shared/api';
import type { HostKeyQuestion, PromptPort, SecretQuestion } from '../ssh/connection/prompt-port';
import type { EventSender } from './event-sender';

/** Long enough for anyone to find a password; a question is not left open for ever. */
const PROMPT_TIMEOUT_MS = 10 * 60 * 1000;

interface Open {
  /** The renderer answered. */
  answered(answer: string | null): void;
  /** The question goes unanswered (and the renderer is told to drop it). */
  withdraw(): void;
}

export class SshPrompts {
  private readonly open = new Map<string, Open>();

  constructor(private readonly send: EventSender) {}

  readonly port: PromptPort = {
    confirmHostKey: async (q: HostKeyQuestion, signal) => {
      const answer = await this.ask(
        (promptId) => ({ promptId, kind: 'host-key', server: clip(q.server, 300), host: clip(q.host, 300), keyType: clip(q.keyType, 64), fingerprint: clip(q.fingerprint, 128) }),
        signal,
      );
      return answer?.trim().toLowerCase() === 'yes';
    },
    askSecret: (q: SecretQuestion, signal) =>
      this.ask((promptId) => ({ promptId, kind: 'secret', server: clip(q.server, 300), purpose: q.purpose, message: clip(q.message, 4096), echo: q.echo }), signal),
  };

  /** Hands an answer to the question it answers; false when that question is not open (any more). */
  answer(promptId: string, answer: string | null): boolean {
    const open = this.open.get(promptId);
    if (open === undefined) return false;
    open.answered(answer);
    return true;
  }

  /** Withdraws every open question (the window is going). */
  close(): void {
    for (const open of [...this.open.values()]) open.withdraw();
  }

  private ask(prompt: (promptId: string) => SshPrompt, signal: AbortSignal): Promise<string | null> {
    if (signal.aborted) return Promise.resolve(null);
    const promptId = randomBytes(16).toString('hex');
    return new Promise((resolve) => {
      let answered = false;
      const settle = (answer: string | null, withdraw: boolean): void => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.open.delete(promptId);
        if (withdraw) void this.send('sshPromptClosed', { promptId });
        resolve(answer);
      };
      const onAbort = (): void => settle(null, true);
      const timer = setTimeout(() => settle(null, true), PROMPT_TIMEOUT_MS);
      signal.addEventListener('abort', onAbort);
      // The renderer drops a question it answered itself; any other ending is announced.
      this.open.set(promptId, { answered: (answer) => settle(answer, false), withdraw: () => settle(null, true) });
      void this.send('sshPrompt', prompt(promptId)).then((delivered) => {
        if (!delivered) settle(null, false);
      });
    });
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
