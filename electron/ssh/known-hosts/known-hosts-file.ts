/**
 * Reading known_hosts as OpenSSH's hostkeys_foreach_file() does: one entry a line, an optional
 * @revoked or @cert-authority marker, a host field (a comma list of names and `*`/`?` patterns,
 * `!` to exclude, `[host]:port` for other ports, or one hashed `|1|salt|hmac` name), then the key.
 * Comments, blank lines and lines ssh cannot parse are skipped; line numbers count every line.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { asciiLowercase } from '../ssh-config/config-line';
import { matchHostname } from '../ssh-config/host-patterns';
import { isKeyType, leadingString } from './host-key';

export type Marker = 'revoked' | 'cert-authority' | null;

export interface KnownHostEntry {
  file: string;
  line: number;
  marker: Marker;
  keyType: string;
  blob: Buffer;
}

/** The name a host is listed under: `host` for port 22, `[host]:port` otherwise, lowercased as ssh writes it. */
export function knownHostsName(host: string, port: number): string {
  const name = asciiLowercase(host);
  return port === 22 || port === 0 ? name : `[${name}]:${port}`;
}

/** The entries of `file` whose host field matches `name`, in file order; none for a missing or unreadable file. */
export async function entriesFor(file: string, name: string): Promise<KnownHostEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const entries: KnownHostEntry[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const entry = parseLine(raw.replace(/\r$/, ''));
    if (entry === null || !hostFieldMatches(entry.hosts, name)) continue;
    entries.push({ file, line: index + 1, marker: entry.marker, keyType: entry.keyType, blob: entry.blob });
  }
  return entries;
}

/** Whether a line's host field names `name` (matching a hashed name needs its salt, so it is checked, not compared). */
function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) return hashedName(name, hosts) === hosts;
  return matchHostname(name, hosts) === 1;
}

const HASH_MAGIC = '|1|';

/** `|1|salt|hmac` for `name`: with the salt of `existing`, or a fresh one; null when `existing` is not a valid hash. */
export function hashedName(name: string, existing: string | Buffer): string | null {
  let salt: Buffer;
  if (typeof existing === 'string') {
    if (!existing.startsWith(HASH_MAGIC)) return null;
    const encoded = existing.slice(HASH_MAGIC.length).split('|')[0] ?? '';
    if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) return null;
    salt = Buffer.from(encoded, 'base64');
  } else salt = existing;
  // The salt is an HMAC-SHA1 key of the digest's own length.
  if (salt.length !== 20) return null;
  const hmac = createHmac('sha1', salt).update(name).digest();
  return `${HASH_MAGIC}${salt.toString('base64')}|${hmac.toString('base64')}`;
}

interface ParsedLine {
  marker: Marker;
  hosts: string;
  keyType: string;
  blob: Buffer;
}

function parseLine(raw: string): ParsedLine | null {
  let rest = raw.replace(/^[ \t]+/, '');
  if (rest === '' || rest.startsWith('#')) return null;
  let marker: Marker = null;
  if (rest.startsWith('@')) {
    const end = rest.search(/[ \t]/);
    if (end < 0) return null;
    const word = rest.slice(0, end);
    if (word === '@revoked') marker = 'revoked';
    else if (word === '@cert-authority') marker = 'cert-authority';
    else return null;
    rest = rest.slice(end).replace(/^[ \t]+/, '');
    // Only one marker is allowed.
    if (rest.startsWith('@')) return null;
  }
  const [hosts = '', keyType = '', encoded = ''] = rest.split(/[ \t]+/);
  if (hosts === '' || !isKeyType(keyType) || !/^[A-Za-z0-9+/]+=*$/.test(encoded)) return null;
  const blob = Buffer.from(encoded, 'base64');
  // The key must be the type the line says it is.
  if (leadingString(blob) !== keyType) return null;
  return { marker, hosts, keyType, blob };
}
