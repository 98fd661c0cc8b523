/** skbscope capture --ssh's questions on a terminal: host keys never asked, secrets refused without a terminal. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalPrompts } from '../../../electron/cli/terminal-prompts';

const notATerminal = new PassThrough() as unknown as NodeJS.ReadStream;
const hostKey = { server: 'web1', host: '[10.0.0.5]:2222', keyType: 'ED25519', fingerprint: 'SHA256:abc' };
const signal = new AbortController().signal;

describe('terminal prompts', () => {
  it('refuses an unknown host key with its fingerprint as ssh prints it, unless told to accept it', async () => {
    const output = new PassThrough();
    await expect(terminalPrompts({ acceptNewHostKey: false, input: notATerminal, output }).confirmHostKey(hostKey, signal)).rejects.toThrow(
      "The authenticity of host '[10.0.0.5]:2222' can't be established.\nED25519 key fingerprint is SHA256:abc.\n",
    );
    expect(await terminalPrompts({ acceptNewHostKey: true, input: notATerminal, output }).confirmHostKey(hostKey, signal)).toBe(true);
    expect(String(output.read())).toBe('skbscope: [10.0.0.5]:2222 is a new host: trusting its key (ED25519 key fingerprint is SHA256:abc) and adding it to known_hosts.\n');
  });

  it.each([
    ['passphrase', 'Load the key into ssh-agent first (ssh-add), or run skbscope capture in a terminal.'],
    ['sudo-password', 'Connect as root, let this user run sudo without a password on the server, or run skbscope capture in a terminal.'],
  ] as const)('says what to do instead when a %s is needed and standard input is not a terminal', async (purpose, fix) => {
    const prompts = terminalPrompts({ acceptNewHostKey: false, input: notATerminal, output: new PassThrough() });
    await expect(prompts.askSecret({ server: 'web1', purpose, message: 'Secret:', echo: false }, signal)).rejects.toThrow(
      `web1 asks: Secret: But standard input is not a terminal, so skbscope cannot ask. ${fix}`,
    );
  });
});
