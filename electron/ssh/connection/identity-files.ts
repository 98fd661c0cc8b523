/**
 * The private keys named by IdentityFile (or ssh's default ~/.ssh/id_*), read as ssh reads them:
 * files that are not there are skipped without a word, an encrypted key asks for its passphrase
 * (three tries, as ssh gives), and a key of a kind this app cannot use is skipped with a note.
 */
import { readFile } from 'node:fs/promises';
import { type ParsedKey, utils } from 'ssh2';
import type { PromptPort } from './prompt-port';

/** Far above any private key; a larger file is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;
const PASSPHRASE_TRIES = 3;

export interface IdentityFile {
  path: string;
  /** The key's public half in SSH wire form, when the file or its .pub says it without a passphrase. */
  publicBlob: Buffer | null;
  encrypted: boolean;
  text: Buffer;
}

/** The identity files that exist and hold a key; `notes` says which were skipped and why. */
export async function readIdentityFiles(paths: readonly string[], notes: string[]): Promise<IdentityFile[]> {
  const found: IdentityFile[] = [];
  for (const path of paths) {
    const text = await readFile(path).catch(() => null);
    if (text === null) continue;
    if (text.length > MAX_KEY_FILE_BYTES) {
      notes.push(`${path} is too large to be a key`);
      continue;
    }
    const parsed = firstKey(utils.parseKey(text));
    const encrypted = parsed instanceof Error && /passphrase/i.test(parsed.message);
    if (parsed instanceof Error && !encrypted) {
      notes.push(`${path} is not a key Skbscope can use (${parsed.message})`);
      continue;
    }
    const publicBlob = parsed instanceof Error ? await publicHalf(`${path}.pub`) : parsed.getPublicSSH();
    found.push({ path, publicBlob, encrypted, text });
  }
  return found;
}

/**
 * The key ready to sign with: at once when it is not encrypted, otherwise after asking for its
 * passphrase; null when the person declines or gives a wrong one three times.
 */
export async function unlockIdentity(file: IdentityFile, server: string, prompts: PromptPort, signal: AbortSignal): Promise<ParsedKey | null> {
  if (!file.encrypted) {
    const key = firstKey(utils.parseKey(file.text));
    return key instanceof Error ? null : key;
  }
  for (let attempt = 0; attempt < PASSPHRASE_TRIES; attempt++) {
    const message = attempt === 0 ? `Enter passphrase for key '${file.path}':` : `Bad passphrase, try again for '${file.path}':`;
    const passphrase = await prompts.askSecret({ server, purpose: 'passphrase', message, echo: false }, signal);
    if (passphrase === null) return null;
    const key = firstKey(utils.parseKey(file.text, passphrase));
    if (!(key instanceof Error)) return key;
  }
  return null;
}

async function publicHalf(path: string): Promise<Buffer | null> {
  const text = await readFile(path).catch(() => null);
  if (text === null || text.length > MAX_KEY_FILE_BYTES) return null;
  const key = firstKey(utils.parseKey(text));
  return key instanceof Error ? null : key.getPublicSSH();
}

/** parseKey gives a list for files that could hold several keys; OpenSSH's format holds one. */
function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  if (!Array.isArray(parsed)) return parsed;
  return parsed[0] ?? new Error('the file holds no key');
}
