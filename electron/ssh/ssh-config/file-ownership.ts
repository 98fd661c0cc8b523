/**
 * OpenSSH's secure_permissions() with Debian's patch: a config must belong to root or the user,
 * must not be world-writable, and may be group-writable only when that group holds no one but the
 * owner (Debian's per-user groups with umask 002). Groups are read from /etc/passwd and /etc/group.
 */
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';

export async function trustedOwnership(info: Stats, uid: number): Promise<boolean> {
  if (info.uid !== 0 && info.uid !== uid) return false;
  if ((info.mode & 0o002) !== 0) return false;
  if ((info.mode & 0o020) === 0) return true;
  return groupHoldsOnlyOwner(info.gid, uid, info.uid);
}

async function groupHoldsOnlyOwner(gid: number, uid: number, owner: number): Promise<boolean> {
  const [passwd, group] = await Promise.all([readLines('/etc/passwd'), readLines('/etc/group')]);
  const users = passwd.map((line) => line.split(':')).filter((fields) => fields.length >= 4);
  const groupFields = group.map((line) => line.split(':')).find((fields) => Number(fields[2]) === gid);
  if (groupFields === undefined) return false;
  let members = 0;
  for (const fields of users) {
    if (Number(fields[3]) !== gid) continue;
    members++;
    if (Number(fields[2]) !== uid) return false;
  }
  const ownerName = users.find((fields) => Number(fields[2]) === owner)?.[0];
  const listed = (groupFields[3] ?? '').split(',').filter((name) => name !== '');
  if (listed.length > 0) {
    members++;
    if (listed.length > 1 || listed[0] !== ownerName) return false;
  }
  return members > 0;
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  } catch {
    return [];
  }
}
