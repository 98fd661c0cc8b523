/**
 * ssh-agent as ssh uses it: the keys it holds are asked for once, and only the ones ssh would
 * offer are offered (with IdentitiesOnly, those that match an identity file). Signing stays with
 * the agent: the private keys never leave it.
 */
import { BaseAgent, type IdentityCallback, OpenSSHAgent, type ParsedKey, type PublicKeyEntry, type SignCallback, type SigningRequestOptions } from 'ssh2';

const AGENT_TIMEOUT_MS = 10_000;

/** The agent's keys, or [] when there is no agent there or it does not answer. */
export function agentKeys(socket: string): Promise<ParsedKey[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), AGENT_TIMEOUT_MS);
    new OpenSSHAgent(socket).getIdentities((err, keys) => {
      clearTimeout(timer);
      resolve(err || !keys ? [] : keys.filter(isParsedKey));
    });
  });
}

function isParsedKey(key: ParsedKey | PublicKeyEntry): key is ParsedKey {
  return 'getPublicSSH' in key;
}

/** An agent that offers only `keys` (which it holds) and leaves signing to the real one. */
export class ChosenKeysAgent extends BaseAgent<ParsedKey> {
  private readonly agent: OpenSSHAgent;

  constructor(
    socket: string,
    private readonly keys: readonly ParsedKey[],
  ) {
    super();
    this.agent = new OpenSSHAgent(socket);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    cb(undefined, [...this.keys]);
  }

  override sign(pubKey: ParsedKey, data: Buffer, options: SigningRequestOptions | SignCallback, cb?: SignCallback): void {
    if (typeof options === 'function') this.agent.sign(pubKey, data, options);
    else this.agent.sign(pubKey, data, options, cb);
  }
}
