/**
 * `skbscope capture --ssh` from the built CLI, run as a temporary user whose home holds its own
 * ~/.ssh (key, config, known_hosts), against Debian's sshd on loopback: an unknown host key fails
 * with its fingerprint as ssh prints it, --accept-new-host-key takes and remembers it, aliases of
 * ~/.ssh/config are resolved as ssh would, and a question that needs a terminal says so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingForCaptures } from '../support/capture-requirements';
import { CAPTURE_HEADER } from '../support/packet-journeys';
import { expectNoneLeft } from '../support/processes';
import { requireOrSkip } from '../support/requirements';
import { makeUserKey } from '../support/ssh-home';
import { createTestUser, type TestUser } from '../support/ssh-users';
import { missingSshd, startSshd, type TestSshd } from '../support/sshd';

const CLI = fileURLToPath(new URL('../../dist/cli/skbscope.cjs', import.meta.url));
const canRun = requireOrSkip(missingForCaptures() ?? missingSshd() ?? (existsSync(CLI) ? null : 'dist/cli/skbscope.cjs is missing: run `npm run build` first'));

let sshd: TestSshd;
let user: TestUser;
let knownHosts: string;

/** The CLI as the test user runs it: its uid, its home, no terminal on standard input. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('setpriv', [`--reuid=${user.name}`, `--regid=${user.name}`, '--init-groups', process.execPath, CLI, 'capture', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: user.home },
    cwd: user.home,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fingerprint(): string {
  return execFileSync('ssh-keygen', ['-l', '-f', join(sshd.dir, 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

describe.runIf(canRun)('skbscope capture --ssh', () => {
  beforeAll(async () => {
    sshd = await startSshd({ password: true });
    user = createTestUser();
    const ssh = join(user.home, '.ssh');
    mkdirSync(ssh, { mode: 0o700 });
    const key = makeUserKey(join(ssh, 'id_ed25519'));
    sshd.authorize('root', [key.publicLine]);
    writeFileSync(join(ssh, 'config'), `Host box\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n`);
    execFileSync('chown', ['-R', `${user.name}:${user.name}`, ssh]);
    chmodSync(user.home, 0o755);
    knownHosts = join(ssh, 'known_hosts');
  });
  afterAll(async () => {
    user?.remove();
    await sshd?.stop();
  });
  afterEach(async () => {
    await expectNoneLeft(sshd.mark, 8000);
  });

  it('refuses a host whose key it does not know, printing the key type and fingerprint as ssh does', () => {
    const r = cli('--ssh', `root@127.0.0.1:${sshd.port}`, '-e', 'net:net_dev_queue', '-o', 'refused.txt', '--', 'ping', '-c1', '127.0.0.1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`skbscope: The authenticity of host '[127.0.0.1]:${sshd.port}' can't be established.\nED25519 key fingerprint is ${fingerprint()}.\n`);
    expect(r.stderr).toContain('run again with --accept-new-host-key');
    expect(existsSync(join(user.home, 'refused.txt'))).toBe(false);
    expect(existsSync(knownHosts)).toBe(false);
  });

  it('with --accept-new-host-key, takes and remembers the key, and captures on the server through a ~/.ssh/config alias', () => {
    const r = cli('--ssh', 'box', '--accept-new-host-key', '-e', 'net:net_dev_queue', '-e', 'net:netif_receive_skb', '-o', 'ping.txt', '--', 'ping', '-c1', '-W2', '127.0.0.1');
    expect(r.stderr).toContain(`skbscope: [127.0.0.1]:${sshd.port} is a new host: trusting its key (ED25519 key fingerprint is ${fingerprint()}) and adding it to known_hosts.`);
    expect(r.stderr).toMatch(/written to .*ping\.txt/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 received');
    const text = readFileSync(join(user.home, 'ping.txt'), 'utf8');
    expect(CAPTURE_HEADER.exec(text)?.slice(1, 2)).toEqual([hostname()]);
    expect(text).toContain('net:net_dev_queue');
    expect(spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', knownHosts]).status).toBe(0);

    // Known now: no flag needed.
    const again = cli('--ssh', 'box', '-e', 'net:net_dev_queue', '-o', 'again.txt', '--', 'true');
    expect(again.status).toBe(0);
    expect(again.stderr).not.toContain('new host');
  });

  it('says how to do without a terminal when a password would have to be asked', () => {
    const r = cli('--ssh', `${user.name}@127.0.0.1:${sshd.port}`, '--accept-new-host-key', '-o', 'pw.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `asks: ${user.name}@127.0.0.1's password: But standard input is not a terminal, so skbscope cannot ask. Log in with a key instead (ssh-agent, or IdentityFile in ~/.ssh/config), or run skbscope capture in a terminal.`,
    );
  });
});

afterAll(() => {
  if (user !== undefined) rmSync(user.home, { recursive: true, force: true });
});
