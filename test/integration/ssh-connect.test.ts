/**
 * Connecting over SSH against Debian's real sshd on loopback: host keys checked against
 * known_hosts as ssh checks them (asked, remembered, hashed, changed, revoked), logging in with a
 * key, an encrypted key, ssh-agent, a password and keyboard-interactive, and a plain message for
 * each way connecting fails. Every test has a home of its own: the real ~/.ssh is never touched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SshConnectError } from '../../electron/ssh/connection/connect-errors';
import { connectSsh, type SshConnection } from '../../electron/ssh/connection/ssh-connection';
import { runRemote } from '../../electron/ssh/remote/remote-exec';
import type { SshConfigSource } from '../../electron/ssh/ssh-config/config-source';
import { resolveHost } from '../../electron/ssh/ssh-config/resolve-host';
import { hostname } from 'node:os';
import { requireOrSkip } from '../support/requirements';
import { makeSshSandbox, missingSshOracle, parseSshDump, shownBySsh, type SshSandbox, sshView } from '../support/ssh-oracle';
import { type ScriptedPrompts, scriptedPrompts } from '../support/scripted-prompts';
import { freePort, generateHostKey, missingSshd, startSshd, type TestSshd } from '../support/sshd';
import { makeSshHome, makeUserKey, type SshHome, startAgent } from '../support/ssh-home';
import { createTestUser, type TestUser } from '../support/ssh-users';

const canRun = requireOrSkip(missingSshd());

/** `SHA256:…` as ssh-keygen -l prints it for a public key line. */
function fingerprintOf(publicLine: string, dir: string): string {
  const file = join(dir, `fp-${Math.random().toString(16).slice(2)}.pub`);
  writeFileSync(file, `${publicLine}\n`);
  return execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

/** What connecting rejected with. */
async function failure(attempt: Promise<SshConnection>): Promise<SshConnectError> {
  const outcome = await attempt.then(
    (c) => {
      c.close();
      return null;
    },
    (err: unknown) => err,
  );
  if (!(outcome instanceof SshConnectError)) throw new Error(`expected an SshConnectError, got ${String(outcome)}`);
  return outcome;
}

let sshd: TestSshd;
let user: TestUser;
let home: SshHome;
const open: SshConnection[] = [];

async function connect(target: string, prompts: ScriptedPrompts, source: SshConfigSource = home.source): Promise<SshConnection> {
  const connection = await connectSsh({ name: target, resolved: await resolveHost(target, source), source, prompts: prompts.port, signal: new AbortController().signal });
  open.push(connection);
  return connection;
}

describe.runIf(canRun)('connecting over SSH', () => {
  beforeAll(async () => {
    sshd = await startSshd({ password: true });
    user = createTestUser();
  });
  afterAll(async () => {
    user?.remove();
    await sshd?.stop();
  });
  beforeEach(async () => {
    home = await makeSshHome();
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
    home.remove();
  });

  const target = (): string => `${user.name}@127.0.0.1:${sshd.port}`;
  const listed = (): string => `[127.0.0.1]:${sshd.port}`;
  const authorizeKey = (passphrase = ''): string => {
    const key = makeUserKey(join(home.ssh, 'id_ed25519'), 'ed25519', passphrase);
    sshd.authorize(user.name, [key.publicLine]);
    return key.path;
  };

  it('asks about an unknown host key with ssh’s fingerprint, logs in with ~/.ssh/id_ed25519, and remembers the key as ssh does', async () => {
    authorizeKey();
    const prompts = scriptedPrompts();
    const connection = await connect(target(), prompts);
    expect(prompts.hostKeys).toEqual([{ server: target(), host: listed(), keyType: 'ED25519', fingerprint: fingerprintOf(sshd.hostKey.publicLine, home.home) }]);
    expect(prompts.secrets).toEqual([]);
    expect(connection.where).toBe(`${user.name}@127.0.0.1`);
    expect((await runRemote(connection, 'id -un', { maxBytes: 1000, timeoutMs: 10_000 })).stdout.trim()).toBe(user.name);

    // The line ssh itself finds, and the same key known next time.
    const found = spawnSync('ssh-keygen', ['-F', listed(), '-f', home.knownHosts], { encoding: 'utf8' });
    expect(found.status).toBe(0);
    expect(found.stdout).toContain(`${listed()} ${sshd.hostKey.publicLine.split(' ').slice(0, 2).join(' ')}`);
    const again = scriptedPrompts();
    await connect(target(), again);
    expect(again.hostKeys).toEqual([]);
  });

  it('writes the host hashed when HashKnownHosts says so, and matches the hashed line next time', async () => {
    authorizeKey();
    home.writeConfig('Host *\n  HashKnownHosts yes\n');
    await connect(target(), scriptedPrompts());
    const line = readFileSync(home.knownHosts, 'utf8');
    expect(line).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    expect(line).not.toContain('127.0.0.1');
    expect(spawnSync('ssh-keygen', ['-F', listed(), '-f', home.knownHosts]).status).toBe(0);
    const again = scriptedPrompts();
    await connect(target(), again);
    expect(again.hostKeys).toEqual([]);
  });

  it('matches a line ssh-keygen -H hashed', async () => {
    authorizeKey();
    writeFileSync(home.knownHosts, `${listed()} ${sshd.hostKey.publicLine}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', home.knownHosts], { stdio: 'ignore' });
    expect(readFileSync(home.knownHosts, 'utf8')).toMatch(/^\|1\|/);
    const prompts = scriptedPrompts();
    await connect(target(), prompts);
    expect(prompts.hostKeys).toEqual([]);
  });

  it('does not connect, and writes nothing, when the host key is declined', async () => {
    authorizeKey();
    const error = await failure(connect(target(), scriptedPrompts({ hostKey: false })));
    expect(error.kind).toBe('declined');
    expect(error.message).toMatch(/^The host key of \[127\.0\.0\.1\]:\d+ was not accepted \(ED25519 key fingerprint is SHA256:/);
    expect(spawnSync('ssh-keygen', ['-F', listed(), '-f', home.knownHosts]).status).not.toBe(0);
  });

  it('refuses a changed host key loudly, with both fingerprints and the command that removes the old one, and asks nothing', async () => {
    authorizeKey();
    const old = generateHostKey(join(home.home, 'old_host_key'));
    writeFileSync(home.knownHosts, `# mine\n${listed()} ${old.publicLine}\n`);
    const prompts = scriptedPrompts();
    const error = await failure(connect(target(), prompts));
    expect(prompts.hostKeys).toEqual([]);
    expect(error.kind).toBe('host-key');
    expect(error.message).toContain(`WARNING: THE HOST KEY OF ${listed()} HAS CHANGED.`);
    expect(error.message).toContain(`The server now offers: ED25519 key ${fingerprintOf(sshd.hostKey.publicLine, home.home)}`);
    expect(error.message).toContain(`known_hosts holds: ED25519 key ${fingerprintOf(old.publicLine, home.home)} (${home.knownHosts}, line 2)`);
    expect(error.message).toContain(`ssh-keygen -R '${listed()}' -f '${home.knownHosts}'`);
  });

  it('refuses a key marked @revoked, even where another line lists it', async () => {
    authorizeKey();
    const key = sshd.hostKey.publicLine.split(' ').slice(0, 2).join(' ');
    writeFileSync(home.knownHosts, `${listed()} ${key}\n@revoked * ${key}\n`);
    const prompts = scriptedPrompts();
    const error = await failure(connect(target(), prompts));
    expect(prompts.hostKeys).toEqual([]);
    expect(error.kind).toBe('host-key');
    expect(error.message).toMatch(/is marked @revoked in .*known_hosts \(line 2\), so Skbscope will not connect/);
  });

  it('follows StrictHostKeyChecking: yes refuses an unknown key without asking, accept-new takes it without asking', async () => {
    authorizeKey();
    home.writeConfig('Host *\n  StrictHostKeyChecking yes\n');
    const strict = scriptedPrompts();
    const error = await failure(connect(target(), strict));
    expect(strict.hostKeys).toEqual([]);
    expect(error.kind).toBe('host-key');
    expect(error.message).toContain('StrictHostKeyChecking is yes');
    expect(error.message).toContain(fingerprintOf(sshd.hostKey.publicLine, home.home));

    home.writeConfig('Host *\n  StrictHostKeyChecking accept-new\n');
    const acceptNew = scriptedPrompts();
    await connect(target(), acceptNew);
    expect(acceptNew.hostKeys).toEqual([]);
    expect(spawnSync('ssh-keygen', ['-F', listed(), '-f', home.knownHosts]).status).toBe(0);
  });

  it('asks for the passphrase of an encrypted key, and again after a wrong one', async () => {
    const keyPath = authorizeKey('right horse');
    const prompts = scriptedPrompts({ secrets: ['wrong', 'right horse'] });
    await connect(target(), prompts);
    expect(prompts.secrets).toEqual([
      { server: target(), purpose: 'passphrase', message: `Enter passphrase for key '${keyPath}':`, echo: false },
      { server: target(), purpose: 'passphrase', message: `Bad passphrase, try again for '${keyPath}':`, echo: false },
    ]);
  });

  it('logs in with a key only ssh-agent holds, asking nothing', async () => {
    const agent = await startAgent(home.home);
    try {
      const key = makeUserKey(join(home.home, 'agent_key'));
      agent.add(key.path);
      sshd.authorize(user.name, [key.publicLine]);
      const withAgent = await makeSshHome({ SSH_AUTH_SOCK: agent.socket });
      try {
        const prompts = scriptedPrompts();
        await connect(target(), prompts, withAgent.source);
        expect(prompts.secrets).toEqual([]);
        // IdentityAgent none turns the agent off, as in ssh: then only the password is left.
        withAgent.writeConfig('Host *\n  IdentityAgent none\n');
        const without = scriptedPrompts({ secrets: [null] });
        const error = await failure(connect(target(), without, withAgent.source));
        expect(without.secrets.map((s) => s.purpose)).toEqual(['password']);
        expect(error.kind).toBe('declined');
      } finally {
        withAgent.remove();
      }
    } finally {
      agent.stop();
    }
  });

  it('logs in with a password when no key is taken, and says which ways were tried when it is wrong', async () => {
    sshd.authorize(user.name, []);
    const prompts = scriptedPrompts({ secrets: [user.password] });
    await connect(target(), prompts);
    expect(prompts.secrets).toEqual([{ server: target(), purpose: 'password', message: `${user.name}@127.0.0.1's password:`, echo: false }]);

    const wrong = scriptedPrompts({ secrets: ['nope-1', 'nope-2', 'nope-3'] });
    const error = await failure(connect(target(), wrong));
    expect(wrong.secrets).toHaveLength(3);
    expect(error.kind).toBe('auth');
    expect(error.message).toBe(
      `${user.name}@127.0.0.1 did not let Skbscope log in (tried password (3 times)). It takes: publickey, password. ` +
        'Check the user name (User in ~/.ssh/config, or user@host), the password, or load your key into ssh-agent (ssh-add) or name it with IdentityFile.',
    );
  });

  it('answers keyboard-interactive questions where sshd asks them (PAM)', async () => {
    const kbd = await startSshd({ keyboardInteractive: true });
    try {
      const prompts = scriptedPrompts({ secrets: [user.password] });
      const connection = await connect(`${user.name}@127.0.0.1:${kbd.port}`, prompts);
      expect(prompts.secrets.map(({ purpose, message, echo }) => ({ purpose, message, echo }))).toEqual([{ purpose: 'keyboard-interactive', message: 'Password:', echo: false }]);
      expect((await runRemote(connection, 'id -un', { maxBytes: 1000, timeoutMs: 10_000 })).stdout.trim()).toBe(user.name);
    } finally {
      await kbd.stop();
    }
  });
});

describe.runIf(canRun)('when connecting fails', () => {
  let silent: Server | null = null;
  const held: Socket[] = [];
  beforeEach(async () => {
    home = await makeSshHome();
  });
  afterEach(() => {
    for (const s of held.splice(0)) s.destroy();
    silent?.close();
    silent = null;
    home.remove();
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const port = await freePort();
    const error = await failure(connect(`root@127.0.0.1:${port}`, scriptedPrompts()));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/^Could not connect to 127\.0\.0\.1 port \d+: the connection was refused, so nothing listens for SSH there\./);
  });

  it('says the name does not resolve for a host that cannot exist', async () => {
    const error = await failure(connect('root@nosuch.invalid', scriptedPrompts()));
    expect(error.kind).toBe('dns');
    expect(error.message).toMatch(/^Could not (find|look up) the host "nosuch\.invalid"/);
  });

  it('gives up after ConnectTimeout on a server that accepts but never speaks', async () => {
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    home.writeConfig('Host *\n  ConnectTimeout 1\n');
    const started = Date.now();
    const error = await failure(connect(`root@127.0.0.1:${port}`, scriptedPrompts()));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(
      `Could not connect: 127.0.0.1 port ${port} accepted the connection but sent no SSH greeting within 1 s: it may not be an SSH server, or it is overloaded. ` +
        'Check the host and port; ConnectTimeout in ~/.ssh/config sets how long to wait.',
    );
  });

  it('refuses a ProxyCommand it cannot run, rather than connecting directly', async () => {
    home.writeConfig('Host behind\n  HostName 127.0.0.1\n  ProxyCommand nc %h %p\n');
    const error = await failure(connect('behind', scriptedPrompts()));
    expect(error.kind).toBe('config');
    expect(error.message).toContain('ProxyCommand');
  });
});

describe.runIf(canRun && requireOrSkip(missingSshOracle()))('through ProxyJump hosts', () => {
  let jump: TestSshd;
  let box: SshSandbox;
  beforeAll(async () => {
    [sshd, jump] = await Promise.all([startSshd(), startSshd({ tcpForwarding: true, extra: ['LogLevel DEBUG1'] })]);
    box = await makeSshSandbox();
    const key = makeUserKey(join(box.home, '.ssh', 'id_ed25519'));
    sshd.authorize('root', [key.publicLine]);
    jump.authorize('root', [key.publicLine]);
    await box.write(
      '.ssh/config',
      [
        'Host jump',
        '  HostName 127.0.0.1',
        `  Port ${jump.port}`,
        '  User root',
        'Host behind-jump',
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        '  ProxyJump jump',
        'Host behind-two',
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        `  ProxyJump jump,root@127.0.0.1:${jump.port}`,
        'Host *',
        '  User root',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    for (const c of open.splice(0)) c.close();
    await Promise.all([sshd?.stop(), jump?.stop()]);
    await box?.remove();
  });

  it('resolves an alias with ProxyJump as ssh -G does, and reaches the server through the jump host, each host key checked', async () => {
    const resolved = await resolveHost('behind-jump', box.source);
    const printed = await box.ssh(['-G', 'behind-jump']);
    expect(printed.code).toBe(0);
    expect(shownBySsh(resolved)).toEqual(sshView(parseSshDump(printed.stdout), box, hostname()));
    expect(resolved.proxyJump).toEqual([{ user: null, host: 'jump', port: null }]);

    const prompts = scriptedPrompts();
    const connection = await connect('behind-jump', prompts, box.source);
    expect(prompts.hostKeys.map((q) => [q.server, q.host])).toEqual([
      ['jump (jump host to behind-jump)', `[127.0.0.1]:${jump.port}`],
      ['behind-jump', `[127.0.0.1]:${sshd.port}`],
    ]);
    expect((await runRemote(connection, 'echo "$SSH_CONNECTION"', { maxBytes: 1000, timeoutMs: 10_000 })).stdout).toContain(` 127.0.0.1 ${sshd.port}`);
    // The server was reached from the jump host's sshd: it forwarded the connection.
    expect(jump.log()).toContain(`server_request_direct_tcpip: originator 127.0.0.1 port 0, target 127.0.0.1 port ${sshd.port}`);
  });

  it('goes through two hops, the second reached through the first', async () => {
    const prompts = scriptedPrompts();
    const connection = await connect('behind-two', prompts, box.source);
    expect(connection.where).toBe('root@127.0.0.1');
    expect((await runRemote(connection, 'id -u', { maxBytes: 1000, timeoutMs: 10_000 })).stdout.trim()).toBe('0');
  });
});
