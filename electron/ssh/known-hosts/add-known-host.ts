/**
 * Remembering an accepted host key as ssh does (add_host_to_hostfile): one appended line,
 * `name keytype base64`, the name hashed when HashKnownHosts asks for it. The folder is made
 * private and the file readable by its owner only when they are created; other lines are never
 * rewritten, and the line goes out in one O_APPEND write so a concurrent ssh cannot interleave it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HostKey } from './host-key';
import { hashedName, knownHostsName } from './known-hosts-file';

export async function addKnownHost(file: string, host: string, port: number, key: HostKey, options: { hash: boolean }): Promise<void> {
  // ssh will not record a name that would read back as a pattern, a marker or another field.
  if (host === '' || /[@?*#[\]|'"\\,\s]/.test(host)) throw new Error(`"${host}" cannot be written to known_hosts as a host name`);
  const name = knownHostsName(host, port);
  const listed = options.hash ? hashedName(name, randomBytes(20)) : name;
  if (listed === null) throw new Error('could not hash the host name');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    // A last line without its newline would otherwise run into ours.
    const last = size === 0 ? '\n' : (await handle.read(Buffer.alloc(1), 0, 1, size - 1)).buffer.toString('latin1');
    const line = `${last === '\n' ? '' : '\n'}${listed} ${key.type} ${key.blob.toString('base64')}\n`;
    await handle.write(line);
  } finally {
    await handle.close();
  }
}
