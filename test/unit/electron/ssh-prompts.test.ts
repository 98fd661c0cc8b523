/** The SSH layer's questions as sshPrompt events, answered with answerPrompt or withdrawn with sshPromptClosed. */
import { describe, expect, it } from 'vitest';
import type { ApiEvents, EventName } from '../../../shared/api';
import { parseEventPayload } from '../../../shared/api-validate';
import { SshPrompts } from '../../../electron/backend/ssh-prompts';

function recorder() {
  const sent: { name: EventName; payload: ApiEvents[EventName] }[] = [];
  const prompts = new SshPrompts(async (name, payload) => {
    const parsed = parseEventPayload(name, payload);
    if (!parsed.ok) throw new Error(parsed.error);
    sent.push({ name, payload });
    return true;
  });
  const promptId = (i: number): string => {
    const event = sent.filter((e) => e.name === 'sshPrompt')[i];
    if (event === undefined || !('promptId' in event.payload)) throw new Error(`no prompt ${i}`);
    return event.payload.promptId;
  };
  return { sent, prompts, promptId };
}

const secret = { server: 'web1', purpose: 'password' as const, message: "me@web1's password:", echo: false };
const hostKey = { server: 'web1', host: 'web1', keyType: 'ED25519', fingerprint: 'SHA256:abc' };

describe('SSH prompts', () => {
  it('sends each question as an sshPrompt and hands back the answer once', async () => {
    const { sent, prompts, promptId } = recorder();
    const answer = prompts.port.askSecret(secret, new AbortController().signal);
    await Promise.resolve();
    expect(sent).toEqual([{ name: 'sshPrompt', payload: { promptId: promptId(0), kind: 'secret', ...secret } }]);
    expect(prompts.answer(promptId(0), 'hunter2')).toBe(true);
    expect(await answer).toBe('hunter2');
    // Answered: it is not open any more, and the renderer that answered needs no word about it.
    expect(prompts.answer(promptId(0), 'again')).toBe(false);
    expect(sent.map((e) => e.name)).toEqual(['sshPrompt']);
  });

  it('takes only yes for a host key', async () => {
    const { prompts, promptId } = recorder();
    const yes = prompts.port.confirmHostKey(hostKey, new AbortController().signal);
    await Promise.resolve();
    prompts.answer(promptId(0), 'yes');
    expect(await yes).toBe(true);
    const other = prompts.port.confirmHostKey(hostKey, new AbortController().signal);
    await Promise.resolve();
    prompts.answer(promptId(1), 'sure');
    expect(await other).toBe(false);
  });

  it('withdraws a question no longer needed, and every open one when the window goes', async () => {
    const { sent, prompts, promptId } = recorder();
    const abort = new AbortController();
    const dropped = prompts.port.askSecret(secret, abort.signal);
    const open = prompts.port.confirmHostKey(hostKey, new AbortController().signal);
    await Promise.resolve();
    abort.abort();
    expect(await dropped).toBeNull();
    prompts.close();
    expect(await open).toBe(false);
    expect(sent.filter((e) => e.name === 'sshPromptClosed').map((e) => e.payload)).toEqual([{ promptId: promptId(0) }, { promptId: promptId(1) }]);
    expect(prompts.answer(promptId(1), 'yes')).toBe(false);
  });
});
