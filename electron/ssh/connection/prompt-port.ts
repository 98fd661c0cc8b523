/**
 * The questions connecting over SSH may need a person to answer, and who asks them: the app's
 * dialogs (sshPrompt and answerPrompt) or the terminal (skbscope capture --ssh). The SSH layer
 * only ever sees this port, so the same code serves both.
 */

export interface HostKeyQuestion {
  /** The server as the user named it; a jump host also says what it leads to. */
  server: string;
  /** The host as known_hosts lists it: `example.com`, `[127.0.0.1]:2222`. */
  host: string;
  /** As ssh names it in its messages: ED25519, ECDSA, RSA. */
  keyType: string;
  /** `SHA256:…`, exactly as ssh prints it. */
  fingerprint: string;
}

export type SecretPurpose = 'passphrase' | 'password' | 'keyboard-interactive' | 'sudo-password';

export interface SecretQuestion {
  server: string;
  purpose: SecretPurpose;
  /** What to ask, as ssh would: `Enter passphrase for key '/home/me/.ssh/id_ed25519':`. */
  message: string;
  /** Whether the answer may be shown as it is typed (a keyboard-interactive question may say so). */
  echo: boolean;
}

export interface PromptPort {
  /**
   * Whether to trust, and remember, a host key that no known_hosts file lists. Rejects with an
   * Error in plain words when there is nobody to ask (the connection then fails with it).
   * `signal` aborts when the answer is no longer needed.
   */
  confirmHostKey(question: HostKeyQuestion, signal: AbortSignal): Promise<boolean>;
  /** The secret, or null when declined. Rejects like confirmHostKey when nobody can be asked. */
  askSecret(question: SecretQuestion, signal: AbortSignal): Promise<string | null>;
}
