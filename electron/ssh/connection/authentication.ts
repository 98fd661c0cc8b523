/**
 * Logging in as ssh does: `none` first to learn what the server takes, then the methods of
 * PreferredAuthentications in its order (ssh's default: publickey, keyboard-interactive,
 * password), each only where the config allows it and the server still offers it. Public keys are
 * ssh-agent's first, then the identity files the agent does not hold (an encrypted one asks for
 * its passphrase); passwords and keyboard-interactive questions are asked as the server asks,
 * up to three times as ssh does. Secrets pass straight to ssh2 and are kept nowhere else.
 */
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, KeyboardInteractiveCallback, ParsedKey, Prompt } from 'ssh2';
import type { ResolvedHost } from '../ssh-config/resolve-host';
import { agentKeys, ChosenKeysAgent } from './agent-keys';
import { SshConnectError } from './connect-errors';
import { type IdentityFile, readIdentityFiles, unlockIdentity } from './identity-files';
import type { PromptPort } from './prompt-port';

/** ssh's NumberOfPasswordPrompts default. */
const TRIES = 3;

export interface AuthContext {
  resolved: ResolvedHost;
  /** The server as the user named it, for questions. */
  server: string;
  prompts: PromptPort;
  signal: AbortSignal;
  /** Ends the connection attempt with this reason (a declined question, nobody to ask). */
  giveUp(reason: SshConnectError): void;
}

export interface Authentication {
  handler: AuthHandlerMiddleware;
  /** Why nothing worked, once the server has said no to everything tried. */
  failure(): SshConnectError;
}

export function authentication(ctx: AuthContext): Authentication {
  const { resolved } = ctx;
  const username = resolved.user;
  const tried: string[] = [];
  const notes: string[] = [];
  let offered: AuthenticationType[] | null = null;
  const allows = (method: AuthenticationType): boolean => offered === null || offered.includes(method);

  const ask = async (purpose: 'password' | 'keyboard-interactive', message: string, echo: boolean): Promise<string> => {
    const answer = await ctx.prompts.askSecret({ server: ctx.server, purpose, message, echo }, ctx.signal);
    if (answer === null) throw new SshConnectError('declined', `The ${purpose === 'password' ? 'password' : 'question from the server'} was not answered, so Skbscope did not log in to ${ctx.server}.`);
    return answer;
  };

  async function* publicKeys(): AsyncGenerator<AnyAuthMethod> {
    const files = await readIdentityFiles(resolved.identityFiles, notes);
    const inAgent: Buffer[] = [];
    if (resolved.agentSocket !== null) {
      const matchesFile = (key: ParsedKey): boolean => files.some((file) => file.publicBlob?.equals(key.getPublicSSH()) === true);
      const all = await agentKeys(resolved.agentSocket);
      // ssh offers the agent's keys that an IdentityFile names first, then (unless IdentitiesOnly) the rest.
      const keys = [...all.filter(matchesFile), ...(resolved.identitiesOnly ? [] : all.filter((key) => !matchesFile(key)))];
      if (keys.length > 0) {
        inAgent.push(...keys.map((key) => key.getPublicSSH()));
        tried.push(`ssh-agent (${keys.length} key${keys.length === 1 ? '' : 's'})`);
        yield { type: 'agent', username, agent: new ChosenKeysAgent(resolved.agentSocket, keys) };
      }
    }
    for (const file of files.filter((f) => !inAgent.some((blob) => f.publicBlob?.equals(blob) === true))) {
      if (!allows('publickey')) return;
      const key = await unlockIdentity(file, ctx.server, ctx.prompts, ctx.signal);
      tried.push(describeKey(file, key !== null));
      if (key !== null) yield { type: 'publickey', username, key };
    }
  }

  function keyboardInteractive(): AnyAuthMethod {
    return {
      type: 'keyboard-interactive',
      username,
      prompt: (name: string, instructions: string, _lang: string, questions: Prompt[], finish: KeyboardInteractiveCallback) => {
        const heading = [name, instructions].map((t) => t.trim()).filter((t) => t !== '');
        void (async () => {
          const answers: string[] = [];
          for (const [i, question] of questions.entries()) {
            const message = [...(i === 0 ? heading : []), question.prompt.trim()].join('\n');
            answers.push(await ask('keyboard-interactive', message, question.echo === true));
          }
          finish(answers);
        })().catch((err: unknown) => ctx.giveUp(asConnectError(err)));
      },
    };
  }

  async function* methods(): AsyncGenerator<AnyAuthMethod> {
    // Asks nothing: the server answers with the methods it takes.
    yield { type: 'none', username };
    for (const method of resolved.preferredAuthentications) {
      if (method === 'publickey' && resolved.pubkeyAuthentication && allows('publickey')) yield* publicKeys();
      if (method === 'keyboard-interactive' && resolved.kbdInteractiveAuthentication) {
        for (let i = 0; i < TRIES && allows('keyboard-interactive'); i++) {
          tried.push('keyboard-interactive');
          yield keyboardInteractive();
        }
      }
      if (method === 'password' && resolved.passwordAuthentication) {
        for (let i = 0; i < TRIES && allows('password'); i++) {
          const password = await ask('password', `${username}@${resolved.hostname}'s password:`, false);
          tried.push('password');
          yield { type: 'password', username, password };
        }
      }
    }
  }

  const plan = methods();
  return {
    handler: (methodsLeft, _partialSuccess, next) => {
      // ssh2 documents `false` as "no more methods"; its type definitions leave it out.
      const proceed = next as (method: AnyAuthMethod | false) => void;
      // null on the first call, before the server has said anything.
      if (methodsLeft !== null) offered = methodsLeft;
      plan.next().then(
        (step) => proceed(step.done === true ? false : step.value),
        (err: unknown) => {
          ctx.giveUp(asConnectError(err));
          proceed(false);
        },
      );
    },
    failure: () => {
      const attempts = tried.length === 0 ? 'nothing it accepts could be offered' : `tried ${summarise(tried)}`;
      const takes = offered === null ? '' : ` It takes: ${offered.filter((m) => m !== 'none').join(', ') || 'nothing'}.`;
      const skipped = notes.length === 0 ? '' : ` Skipped: ${notes.join('; ')}.`;
      return new SshConnectError(
        'auth',
        `${username}@${resolved.hostname} did not let Skbscope log in (${attempts}).${takes}${skipped} ` +
          'Check the user name (User in ~/.ssh/config, or user@host), the password, or load your key into ssh-agent (ssh-add) or name it with IdentityFile.',
      );
    },
  };
}

function describeKey(file: IdentityFile, unlocked: boolean): string {
  if (unlocked) return `key ${file.path}`;
  return `key ${file.path} (${file.encrypted ? 'locked: no right passphrase' : 'unreadable'})`;
}

/** `password, password, password` → `password (3 times)`. */
function summarise(tried: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of tried) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([what, n]) => (n === 1 ? what : `${what} (${n} times)`)).join(', ');
}

function asConnectError(err: unknown): SshConnectError {
  return err instanceof SshConnectError ? err : new SshConnectError('declined', err instanceof Error ? err.message : String(err));
}
