/** A PromptPort that answers from a script, as a person would, and records every question asked. */
import type { HostKeyQuestion, PromptPort, SecretQuestion } from '../../electron/ssh/connection/prompt-port';

export interface Script {
  /** Whether to accept an unknown host key; throwing stands for "nobody can be asked". */
  hostKey?: boolean | Error;
  /** Answers to secret questions, in the order they are asked; null declines. Runs out: declines. */
  secrets?: (string | null)[];
}

export interface ScriptedPrompts {
  port: PromptPort;
  hostKeys: HostKeyQuestion[];
  secrets: SecretQuestion[];
}

export function scriptedPrompts(script: Script = {}): ScriptedPrompts {
  const hostKeys: HostKeyQuestion[] = [];
  const secrets: SecretQuestion[] = [];
  const answers = [...(script.secrets ?? [])];
  return {
    hostKeys,
    secrets,
    port: {
      async confirmHostKey(question) {
        hostKeys.push(question);
        if (script.hostKey instanceof Error) throw script.hostKey;
        return script.hostKey ?? true;
      },
      async askSecret(question) {
        secrets.push(question);
        return answers.length > 0 ? (answers.shift() ?? null) : null;
      },
    },
  };
}
