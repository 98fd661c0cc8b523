/**
 * A server's host key as ssh2's hostVerifier receives it (the SSH wire encoding), its SHA256
 * fingerprint exactly as ssh and ssh-keygen -l print it, and the type names ssh shows.
 */
import { createHash } from 'node:crypto';

export interface HostKey {
  /** ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa … */
  type: string;
  /** The wire-format public key. */
  blob: Buffer;
}

/** Reads the key type from the blob's leading string; throws when the blob is not a key. */
export function hostKeyFromBlob(blob: Buffer): HostKey {
  const type = leadingString(blob);
  if (type === null || !/^[\x21-\x7e]+$/.test(type)) throw new Error('not an SSH public key: it does not start with a key type');
  return { type, blob };
}

/** `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` prints it. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

const TYPE_LABELS: Readonly<Record<string, string>> = {
  'ssh-ed25519': 'ED25519',
  'ssh-rsa': 'RSA',
  'ssh-dss': 'DSA',
  'ecdsa-sha2-nistp256': 'ECDSA',
  'ecdsa-sha2-nistp384': 'ECDSA',
  'ecdsa-sha2-nistp521': 'ECDSA',
  'sk-ecdsa-sha2-nistp256@openssh.com': 'ECDSA-SK',
  'sk-ssh-ed25519@openssh.com': 'ED25519-SK',
};

const CERTIFICATE_SUFFIX = '-cert-v01@openssh.com';

/** The name ssh uses in its messages: "ED25519 key fingerprint is SHA256:…". */
export function keyTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

/** A key type OpenSSH reads from known_hosts: a plain key or a certificate of one. */
export function isKeyType(type: string): boolean {
  if (TYPE_LABELS[type] !== undefined) return true;
  if (!type.endsWith(CERTIFICATE_SUFFIX)) return false;
  const base = type.slice(0, -CERTIFICATE_SUFFIX.length);
  return TYPE_LABELS[base] !== undefined || TYPE_LABELS[`${base}@openssh.com`] !== undefined;
}

/** The first string of an SSH wire encoding (uint32 length, then the bytes), or null. */
export function leadingString(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > blob.length - 4) return null;
  return blob.subarray(4, 4 + length).toString('latin1');
}
