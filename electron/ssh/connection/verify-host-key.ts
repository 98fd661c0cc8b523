/**
 * The host key check every connection (and every jump host) goes through before anything else is
 * sent, as OpenSSH does it: a key known_hosts lists goes ahead; a changed key or a revoked one is
 * refused, loudly and with no way around it from the app; an unknown key is asked about (or
 * refused, or taken, as StrictHostKeyChecking says) and, once accepted, written to known_hosts.
 * ssh2 accepts every key unless told otherwise: this is what tells it.
 */
import { addKnownHost } from '../known-hosts/add-known-host';
import { checkHostKey } from '../known-hosts/check-host-key';
import { hostKeyFromBlob, keyTypeLabel } from '../known-hosts/host-key';
import { knownHostsName } from '../known-hosts/known-hosts-file';
import type { ResolvedHost } from '../ssh-config/resolve-host';
import { SshConnectError } from './connect-errors';
import type { PromptPort } from './prompt-port';

export interface HostKeyCheck {
  resolved: ResolvedHost;
  /** The server as the user named it, for the question. */
  server: string;
  prompts: PromptPort;
  signal: AbortSignal;
}

/** null when the key may be used; otherwise why not. Never throws. */
export async function verifyHostKey(blob: Buffer, check: HostKeyCheck): Promise<SshConnectError | null> {
  const { resolved } = check;
  // With HostKeyAlias, ssh looks the key up (and writes it) under the alias alone, port or not.
  const name = resolved.hostKeyAlias ?? resolved.hostname;
  const port = resolved.hostKeyAlias === null ? resolved.port : 22;
  const listed = knownHostsName(name, port);
  let key;
  try {
    key = hostKeyFromBlob(blob);
  } catch {
    return new SshConnectError('host-key', `${listed} sent a host key Skbscope cannot read, so it did not connect.`);
  }
  const files = [...resolved.userKnownHostsFiles, ...resolved.globalKnownHostsFiles];
  const verdict = await checkHostKey(files, name, port, key);
  const type = keyTypeLabel(key.type);
  switch (verdict.kind) {
    case 'known':
      return null;
    case 'revoked':
      return new SshConnectError(
        'host-key',
        `The host key of ${listed} is marked @revoked in ${verdict.file} (line ${verdict.line}), so Skbscope will not connect. ` +
          `The server offered ${type} key ${verdict.fingerprint}. Ask the server's administrator for its current key.`,
      );
    case 'changed':
      return new SshConnectError(
        'host-key',
        [
          `WARNING: THE HOST KEY OF ${listed} HAS CHANGED. Someone could be listening in on this connection (a man-in-the-middle attack), or the server's key was replaced.`,
          `The server now offers: ${type} key ${verdict.fingerprint}`,
          ...verdict.known.map((k) => `known_hosts holds: ${keyTypeLabel(k.keyType)} key ${k.fingerprint} (${k.file}, line ${k.line})`),
          'Skbscope will not connect. Only if you know the key was changed on purpose, remove the old one with',
          `  ${verdict.removeCommand}`,
          "then connect again and compare the new fingerprint with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the server).",
        ].join('\n'),
      );
    case 'unknown':
      return unknownKey(check, { listed, name, port, key, type, fingerprint: verdict.fingerprint });
  }
}

interface Unknown {
  listed: string;
  name: string;
  port: number;
  key: ReturnType<typeof hostKeyFromBlob>;
  type: string;
  fingerprint: string;
}

async function unknownKey(check: HostKeyCheck, u: Unknown): Promise<SshConnectError | null> {
  const { resolved } = check;
  const described = `${u.type} key fingerprint is ${u.fingerprint}`;
  if (resolved.strictHostKeyChecking === 'yes') {
    return new SshConnectError(
      'host-key',
      `The host key of ${u.listed} is not in known_hosts, and StrictHostKeyChecking is yes in your ssh config, so Skbscope will not ask to accept it. ${described}. ` +
        'Add the key first (connect once with ssh and check the fingerprint), then try again.',
    );
  }
  if (resolved.strictHostKeyChecking === 'ask') {
    let accepted: boolean;
    try {
      accepted = await check.prompts.confirmHostKey({ server: check.server, host: u.listed, keyType: u.type, fingerprint: u.fingerprint }, check.signal);
    } catch (err) {
      return new SshConnectError('declined', err instanceof Error ? err.message : String(err));
    }
    if (!accepted) return new SshConnectError('declined', `The host key of ${u.listed} was not accepted (${described}), so Skbscope did not connect.`);
  }
  // ssh writes to the first of the user's files; with none (UserKnownHostsFile none) the key is
  // trusted for this connection only, and a failed write only means being asked again next time.
  const file = resolved.userKnownHostsFiles[0];
  if (file !== undefined) await addKnownHost(file, u.name, u.port, u.key, { hash: resolved.hashKnownHosts }).catch(() => undefined);
  return null;
}
