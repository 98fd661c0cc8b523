/**
 * Whether a server's host key is the one known_hosts holds for it, judged as OpenSSH's
 * check_host_key() judges: a matching key is known; any other key for the host, of the same type
 * or not, means the key changed; an @revoked entry for the key wins over everything. A host on a
 * port other than 22 whose [host]:port is unknown is known when its plain name lists this very key
 * (and revoked when it revokes it: ssh only warns then, and goes on to ask about a new key).
 * @cert-authority lines vouch for certificates, which this app does not take, so they are skipped.
 */
import { fingerprintSha256, type HostKey } from './host-key';
import { entriesFor, knownHostsName, type KnownHostEntry } from './known-hosts-file';

export type HostKeyVerdict =
  | { kind: 'known'; file: string; line: number }
  | { kind: 'unknown'; keyType: string; fingerprint: string }
  | {
      kind: 'changed';
      keyType: string;
      fingerprint: string;
      /** Every key known for the host, any of which is why this one is refused. */
      known: { keyType: string; fingerprint: string; file: string; line: number }[];
      /** The command that removes the known keys, one ssh-keygen -R per file. */
      removeCommand: string;
    }
  | { kind: 'revoked'; keyType: string; fingerprint: string; file: string; line: number };

/** `files` in the order ssh reads them: the user's known_hosts files, then the global ones. */
export async function checkHostKey(files: readonly string[], host: string, port: number, key: HostKey): Promise<HostKeyVerdict> {
  const name = knownHostsName(host, port);
  const verdict = judge(await entriesIn(files, name), key, name);
  if (verdict.kind === 'unknown' && name !== knownHostsName(host, 22)) {
    const plain = judge(await entriesIn(files, knownHostsName(host, 22)), key, host);
    if (plain.kind === 'known' || plain.kind === 'revoked') return plain;
  }
  return verdict;
}

async function entriesIn(files: readonly string[], name: string): Promise<KnownHostEntry[]> {
  const lists = await Promise.all(files.map((file) => entriesFor(file, name)));
  return lists.flat();
}

function judge(entries: readonly KnownHostEntry[], key: HostKey, name: string): HostKeyVerdict {
  const fingerprint = fingerprintSha256(key.blob);
  const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.blob.equals(key.blob));
  if (revoked !== undefined) return { kind: 'revoked', keyType: key.type, fingerprint, file: revoked.file, line: revoked.line };
  const keys = entries.filter((entry) => entry.marker === null);
  const match = keys.find((entry) => entry.blob.equals(key.blob));
  if (match !== undefined) return { kind: 'known', file: match.file, line: match.line };
  if (keys.length === 0) return { kind: 'unknown', keyType: key.type, fingerprint };
  const files = [...new Set(keys.map((entry) => entry.file))];
  return {
    kind: 'changed',
    keyType: key.type,
    fingerprint,
    known: keys.map((entry) => ({ keyType: entry.keyType, fingerprint: fingerprintSha256(entry.blob), file: entry.file, line: entry.line })),
    removeCommand: files.map((file) => `ssh-keygen -R ${shellQuote(name)} -f ${shellQuote(file)}`).join(' && '),
  };
}

/** Quoted for a POSIX shell: the command is meant to be pasted into a terminal. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
