/**
 * known_hosts against OpenSSH's own tools: keys made by ssh-keygen, fingerprints compared with
 * `ssh-keygen -l`, hashed files made by `ssh-keygen -H`, which lines name a host compared with
 * `ssh-keygen -F`, lines we write found by `ssh-keygen -F`, and the remove command run for real.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnownHost } from '../../../electron/ssh/known-hosts/add-known-host';
import { checkHostKey } from '../../../electron/ssh/known-hosts/check-host-key';
import { fingerprintSha256, hostKeyFromBlob, keyTypeLabel, type HostKey } from '../../../electron/ssh/known-hosts/host-key';
import { entriesFor, knownHostsName } from '../../../electron/ssh/known-hosts/known-hosts-file';
import { requireOrSkip } from '../../support/requirements';

const run = requireOrSkip(spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined ? null : 'ssh-keygen not found (apt-get install openssh-client)');
const execFileAsync = promisify(execFile);

async function keygen(...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await execFileAsync('ssh-keygen', args);
    return { stdout, code: 0 };
  } catch (err) {
    const failed = err as { stdout?: string; code?: number };
    return { stdout: failed.stdout ?? '', code: failed.code ?? -1 };
  }
}

interface GeneratedKey {
  key: HostKey;
  /** `type base64`, as a known_hosts line ends. */
  text: string;
  pubFile: string;
}

describe.runIf(run)('known_hosts, checked against OpenSSH', () => {
  let dir: string;
  const keys: Record<'ed25519' | 'ecdsa' | 'rsa' | 'ed25519b' | 'ecdsab', GeneratedKey> = {} as never;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skbscope-kh-'));
    const specs: [keyof typeof keys, string[]][] = [
      ['ed25519', ['-t', 'ed25519']],
      ['ecdsa', ['-t', 'ecdsa']],
      ['rsa', ['-t', 'rsa', '-b', '2048']],
      ['ed25519b', ['-t', 'ed25519']],
      ['ecdsab', ['-t', 'ecdsa', '-b', '384']],
    ];
    await Promise.all(
      specs.map(async ([name, args]) => {
        const file = join(dir, `host_${name}`);
        expect((await keygen('-q', ...args, '-N', '', '-C', `test ${name}`, '-f', file)).code).toBe(0);
        const [type = '', encoded = ''] = (await readFile(`${file}.pub`, 'utf8')).split(' ');
        keys[name] = { key: hostKeyFromBlob(Buffer.from(encoded, 'base64')), text: `${type} ${encoded}`, pubFile: `${file}.pub` };
        expect(keys[name].key.type).toBe(type);
      }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function knownHosts(name: string, lines: string[]): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, lines.map((line) => `${line}\n`).join(''));
    return file;
  }

  it('prints fingerprints and key types as ssh-keygen -l does', async () => {
    for (const { key, pubFile } of Object.values(keys)) {
      const listed = (await keygen('-l', '-f', pubFile)).stdout.trim();
      // `256 SHA256:… comment (ED25519)`
      const [, fingerprint, label] = /^\d+ (SHA256:\S+) .* \((\S+)\)$/.exec(listed) ?? [];
      expect(fingerprintSha256(key.blob)).toBe(fingerprint);
      expect(keyTypeLabel(key.type)).toBe(label);
    }
  });

  it('refuses a blob that is not a key', () => {
    expect(() => hostKeyFromBlob(Buffer.from([0, 0, 0, 9, 1]))).toThrow();
    expect(() => hostKeyFromBlob(Buffer.alloc(2))).toThrow();
  });

  it('finds the lines naming a host exactly where ssh-keygen -F finds them', async () => {
    const { ed25519: ed, ecdsa: ec } = keys;
    const file = await knownHosts('names', [
      '# comment',
      '',
      `h.example ${ed.text}`,
      `[h.example]:2222 ${ed.text}`,
      `other.example,H.Example,10.0.0.7 ${ec.text}`,
      `*.example ${ec.text}`,
      `!h.example,*.example ${ec.text}`,
      `h?.example ${ed.text}`,
      `[*.example]:2222 ${ec.text}`,
      `@revoked * ${ec.text}`,
      `@cert-authority *.example ${ed.text}`,
      `   h.example\t${ed.text} trailing comment`,
      `10.0.0.7 ${ed.text}`,
    ]);
    for (const name of ['h.example', 'h2.example', 'x.example', '[h.example]:2222', '[x.example]:2222', '10.0.0.7', 'nothing.else', 'H.EXAMPLE']) {
      const found = [...(await keygen('-F', name, '-f', file)).stdout.matchAll(/found: line (\d+)/g)].map((match) => Number(match[1]));
      expect((await entriesFor(file, name)).map((entry) => entry.line), name).toEqual(found);
    }
  });

  it('recognises entries hashed by ssh-keygen -H', async () => {
    const { ed25519: ed, ecdsa: ec } = keys;
    const file = await knownHosts('hashed', [`h.example,10.0.0.9 ${ed.text}`, `[h.example]:2222 ${ec.text}`]);
    expect((await keygen('-H', '-f', file)).code).toBe(0);
    const hashed = await readFile(file, 'utf8');
    expect(hashed).not.toContain('h.example');
    expect(hashed.split('\n').filter((line) => line.startsWith('|1|'))).toHaveLength(3);
    expect(await checkHostKey([file], 'h.example', 22, ed.key)).toEqual({ kind: 'known', file, line: 1 });
    expect(await checkHostKey([file], '10.0.0.9', 22, ed.key)).toEqual({ kind: 'known', file, line: 2 });
    expect(await checkHostKey([file], 'H.Example', 2222, ec.key)).toEqual({ kind: 'known', file, line: 3 });
    expect((await checkHostKey([file], 'x.example', 22, ed.key)).kind).toBe('unknown');
  });

  it('judges known, unknown, other ports, comma lists and patterns', async () => {
    const { ed25519: ed, ecdsa: ec } = keys;
    const file = await knownHosts('judged', [
      '# a comment, a blank line and broken lines do not count',
      '',
      'broken.example ssh-ed25519 !!!notbase64',
      `broken.example ssh-rsa ${ed.text.split(' ')[1] ?? ''}`,
      `@bogus broken.example ${ed.text}`,
      `plain.example ${ed.text}`,
      `[ported.example]:2222 ${ed.text}`,
      `a.example,list.example,10.1.2.3 ${ec.text}`,
      `*.wild.example,!no.wild.example ${ec.text}`,
    ]);
    expect(await checkHostKey([file], 'plain.example', 22, ed.key)).toEqual({ kind: 'known', file, line: 6 });
    expect(await checkHostKey([file], 'PLAIN.example', 22, ed.key)).toEqual({ kind: 'known', file, line: 6 });
    expect(await checkHostKey([file], 'ported.example', 2222, ed.key)).toEqual({ kind: 'known', file, line: 7 });
    expect(await checkHostKey([file], 'ported.example', 22, ed.key)).toEqual({ kind: 'unknown', keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(ed.key.blob) });
    // A plain entry vouches for the same key on another port, as ssh lets it.
    expect(await checkHostKey([file], 'plain.example', 2200, ed.key)).toEqual({ kind: 'known', file, line: 6 });
    expect(await checkHostKey([file], 'list.example', 22, ec.key)).toEqual({ kind: 'known', file, line: 8 });
    expect(await checkHostKey([file], '10.1.2.3', 22, ec.key)).toEqual({ kind: 'known', file, line: 8 });
    expect(await checkHostKey([file], 'x.wild.example', 22, ec.key)).toEqual({ kind: 'known', file, line: 9 });
    expect((await checkHostKey([file], 'no.wild.example', 22, ec.key)).kind).toBe('unknown');
    expect((await checkHostKey([file], 'broken.example', 22, ed.key)).kind).toBe('unknown');
    expect((await checkHostKey([join(dir, 'missing'), file], 'plain.example', 22, ed.key)).kind).toBe('known');
  });

  it('reports a changed key of the same type, and a command that really removes the old one', async () => {
    const { ed25519: ed, ed25519b: other } = keys;
    const file = await knownHosts('changed', [`# keep me`, `plain.example ${ed.text}`, `[ported.example]:2222 ${ed.text}`, `keep.example ${ed.text}`]);
    const verdict = await checkHostKey([file], 'ported.example', 2222, other.key);
    expect(verdict).toEqual({
      kind: 'changed',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintSha256(other.key.blob),
      known: [{ keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(ed.key.blob), file, line: 3 }],
      removeCommand: `ssh-keygen -R '[ported.example]:2222' -f '${file}'`,
    });
    if (verdict.kind !== 'changed') return;
    expect(spawnSync('sh', ['-c', verdict.removeCommand], { stdio: 'ignore' }).status).toBe(0);
    expect((await checkHostKey([file], 'ported.example', 2222, other.key)).kind).toBe('unknown');
    expect((await checkHostKey([file], 'keep.example', 22, ed.key)).kind).toBe('known');
    expect((await checkHostKey([file], 'plain.example', 22, other.key)).kind).toBe('changed');
  });

  it('reports a host known only with keys of other types as changed, listing them', async () => {
    const { ed25519: ed, ecdsa: ec, rsa } = keys;
    const user = await knownHosts('other-type-user', [`typed.example ${ec.text}`]);
    const global = await knownHosts('other-type-global', ['', `typed.example ${rsa.text}`]);
    const verdict = await checkHostKey([user, global], 'typed.example', 22, ed.key);
    expect(verdict).toEqual({
      kind: 'changed',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintSha256(ed.key.blob),
      known: [
        { keyType: 'ecdsa-sha2-nistp256', fingerprint: fingerprintSha256(ec.key.blob), file: user, line: 1 },
        { keyType: 'ssh-rsa', fingerprint: fingerprintSha256(rsa.key.blob), file: global, line: 2 },
      ],
      removeCommand: `ssh-keygen -R 'typed.example' -f '${user}' && ssh-keygen -R 'typed.example' -f '${global}'`,
    });
  });

  it('lets @revoked win over a matching entry, and skips @cert-authority lines', async () => {
    const { ed25519: ed, ecdsa: ec } = keys;
    const file = await knownHosts('revoked', [`host.example ${ed.text}`, `@revoked *.example ${ed.text}`, `@cert-authority host.example ${ec.text}`]);
    expect(await checkHostKey([file], 'host.example', 22, ed.key)).toEqual({ kind: 'revoked', keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(ed.key.blob), file, line: 2 });
    expect(await checkHostKey([file], 'new.example', 2222, ed.key)).toMatchObject({ kind: 'revoked', line: 2 });
    expect((await checkHostKey([file], 'ca.example', 22, ec.key)).kind).toBe('unknown');
    expect((await checkHostKey([file], 'host.example', 22, ec.key)).kind).toBe('changed');
  });

  it('writes lines ssh-keygen -F finds, plain and hashed, on port 22 and others', async () => {
    const { ed25519: ed, ecdsa: ec, rsa } = keys;
    const file = join(dir, 'written', 'sub', 'known_hosts');
    await addKnownHost(file, 'Plain.Example', 22, ed.key, { hash: false });
    await addKnownHost(file, 'ported.example', 2222, ec.key, { hash: false });
    await addKnownHost(file, 'hashed.example', 22, rsa.key, { hash: true });
    await addKnownHost(file, 'hashed.example', 2200, ed.key, { hash: true });
    await addKnownHost(file, '::1', 2222, ec.key, { hash: false });
    const text = await readFile(file, 'utf8');
    const [first, second, third] = text.split('\n');
    expect(first).toBe(`plain.example ${ed.text}`);
    expect(second).toBe(`[ported.example]:2222 ${ec.text}`);
    expect(third).toMatch(/^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ssh-rsa /);
    for (const [name, line] of [['plain.example', 1], ['[ported.example]:2222', 2], ['hashed.example', 3], ['[hashed.example]:2200', 4], ['[::1]:2222', 5]] as const) {
      const found = await keygen('-F', name, '-f', file);
      expect(found.code, name).toBe(0);
      expect(found.stdout).toContain(`found: line ${line}`);
    }
    expect(await checkHostKey([file], 'hashed.example', 2200, ed.key)).toEqual({ kind: 'known', file, line: 4 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'written', 'sub'))).mode & 0o777).toBe(0o700);
  });

  it("appends without touching other lines, even one missing its newline, and keeps the file's mode", async () => {
    const { ed25519: ed } = keys;
    const file = join(dir, 'appended');
    await writeFile(file, `# mine\nold.example ${ed.text}`);
    await chmod(file, 0o644);
    await addKnownHost(file, 'new.example', 22, ed.key, { hash: false });
    expect(await readFile(file, 'utf8')).toBe(`# mine\nold.example ${ed.text}\nnew.example ${ed.text}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });

  it('refuses host names that would not read back as one host', async () => {
    for (const bad of ['', 'a b', 'a,b', '*.example', '[x]', 'a|b', '#x', 'a\nb']) {
      await expect(addKnownHost(join(dir, 'never'), bad, 22, keys.ed25519.key, { hash: false })).rejects.toThrow();
    }
  });

  it('names hosts as ssh does', () => {
    expect(knownHostsName('Host.Example', 22)).toBe('host.example');
    expect(knownHostsName('host', 2222)).toBe('[host]:2222');
    expect(knownHostsName('::1', 2222)).toBe('[::1]:2222');
  });
});
