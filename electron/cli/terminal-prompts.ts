/**
 * The SSH layer's questions on a terminal, for `skbscope capture --ssh`: secrets are read with the
 * terminal's echo off, as ssh reads them; an unknown host key is never asked about (it is taken
 * with --accept-new-host-key, refused otherwise, with the fingerprint as ssh prints it). Without a
 * terminal on standard input nothing can be asked: the question then fails saying what to do.
 */
import type { HostKeyQuestion, PromptPort, SecretPurpose, SecretQuestion } from '../ssh/connection/prompt-port';

export interface TerminalPromptOptions {
  acceptNewHostKey: boolean;
  input: NodeJS.ReadStream;
  /** Where questions and notes go: standard error, as ssh's go to the terminal and not to the output. */
  output: NodeJS.WritableStream;
}

const WITHOUT_A_TERMINAL: Readonly<Record<SecretPurpose, string>> = {
  passphrase: 'Load the key into ssh-agent first (ssh-add), or run skbscope capture in a terminal.',
  password: 'Log in with a key instead (ssh-agent, or IdentityFile in ~/.ssh/config), or run skbscope capture in a terminal.',
  'keyboard-interactive': 'Log in with a key instead (ssh-agent, or IdentityFile in ~/.ssh/config), or run skbscope capture in a terminal.',
  'sudo-password': 'Connect as root, let this user run sudo without a password on the server, or run skbscope capture in a terminal.',
};

export function terminalPrompts(options: TerminalPromptOptions): PromptPort {
  return {
    async confirmHostKey(q: HostKeyQuestion) {
      const described = `${q.keyType} key fingerprint is ${q.fingerprint}.`;
      if (options.acceptNewHostKey) {
        options.output.write(`skbscope: ${q.host} is a new host: trusting its key (${described.replace(/\.$/, '')}) and adding it to known_hosts.\n`);
        return true;
      }
      throw new Error(
        [
          `The authenticity of host '${q.host}' can't be established.`,
          described,
          'skbscope does not connect to a host it does not know. Compare that fingerprint with the server\'s own',
          '(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub there), then run again with --accept-new-host-key,',
          'or connect once with ssh and accept the key there.',
        ].join('\n'),
      );
    },
    async askSecret(q: SecretQuestion, signal) {
      if (options.input.isTTY !== true) {
        throw new Error(`${q.server} asks: ${q.message.trim()} But standard input is not a terminal, so skbscope cannot ask. ${WITHOUT_A_TERMINAL[q.purpose]}`);
      }
      return readLine(options.input, options.output, `${q.message.trim()} `, q.echo, signal);
    },
  };
}

/** One line from the terminal in raw mode; null on Ctrl+C, on Ctrl+D at the start, or when aborted. */
function readLine(input: NodeJS.ReadStream, output: NodeJS.WritableStream, prompt: string, echo: boolean, signal: AbortSignal): Promise<string | null> {
  output.write(prompt);
  return new Promise((resolve) => {
    let line = '';
    const finish = (answer: string | null): void => {
      input.off('data', onData);
      signal.removeEventListener('abort', onAbort);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      resolve(answer);
    };
    const onAbort = (): void => finish(null);
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(line);
        if (char === '\x03' || (char === '\x04' && line === '')) return finish(null);
        if (char === '\x7f' || char === '\b') {
          if (line !== '' && echo) output.write('\b \b');
          line = [...line].slice(0, -1).join('');
        } else if (char >= ' ') {
          line += char;
          if (echo) output.write(char);
        }
      }
    };
    signal.addEventListener('abort', onAbort);
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
}
