/** Config reading that needs no ssh to check: aliases offered, what the app reads differently, the line splitter. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitArguments, strdelim } from '../../../electron/ssh/ssh-config/config-line';
import type { SshConfigSource } from '../../../electron/ssh/ssh-config/config-source';
import { defaultConfigSource } from '../../../electron/ssh/ssh-config/config-source';
import { listAliases } from '../../../electron/ssh/ssh-config/list-aliases';
import { expandTilde, percentExpand } from '../../../electron/ssh/ssh-config/path-expansion';
import { resolveHost } from '../../../electron/ssh/ssh-config/resolve-host';

let dir: string;
let source: SshConfigSource;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skbscope-sshcfg-'));
  source = { userConfig: join(dir, 'home/.ssh/config'), systemConfig: join(dir, 'etc/ssh_config'), home: join(dir, 'home'), localUser: 'me', env: { SSH_AUTH_SOCK: '/run/agent.sock', OTHER_AGENT: '/run/other.sock' } };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(relative: string, text: string): Promise<void> {
  const path = join(dir, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

describe('listAliases', () => {
  it('names each concrete Host in file order, following Includes, then the system config', async () => {
    await write(
      'home/.ssh/config',
      `Host web db *.corp !bad
  HostName x
Include conf.d/*
Match host foo
  User u
Host "quoted name" web
`,
    );
    await write('home/.ssh/conf.d/a', 'Host from-include gw?\n');
    await write('etc/ssh_config', 'Include sys.d/*.conf\nHost *\n  User x\nHost sys-host\n');
    await write('etc/sys.d/1.conf', 'Host from-system-include\n');
    expect(await listAliases(source)).toEqual(['web', 'db', 'from-include', 'quoted name', 'from-system-include', 'sys-host']);
  });

  it('is empty without configs', async () => {
    expect(await listAliases(source)).toEqual([]);
  });
});

describe('resolveHost beyond what ssh -G shows', () => {
  it('does not run Match exec, takes its block as not matching and says so', async () => {
    await write('home/.ssh/config', 'Match host h exec "touch /tmp/should-not-exist"\n  User fromexec\nMatch host other exec "true"\n  User never\n');
    const resolved = await resolveHost('h', source);
    expect(resolved.user).toBe('me');
    expect(resolved.notes).toEqual([`${source.userConfig} line 1: Match exec is not run by this app; its block was taken as not matching`]);
  });

  it('finds the agent socket ssh would use', async () => {
    await write('home/.ssh/config', 'Host none\n  IdentityAgent none\nHost env\n  IdentityAgent $OTHER_AGENT\nHost path\n  IdentityAgent ~/agent.sock\nHost braces\n  IdentityAgent ${OTHER_AGENT}\n');
    expect((await resolveHost('default', source)).agentSocket).toBe('/run/agent.sock');
    expect((await resolveHost('none', source)).agentSocket).toBeNull();
    expect((await resolveHost('env', source)).agentSocket).toBe('/run/other.sock');
    expect((await resolveHost('path', source)).agentSocket).toBe(join(dir, 'home/agent.sock'));
    expect((await resolveHost('braces', source)).agentSocket).toBe('/run/other.sock');
  });

  it('refuses a ProxyJump that leads back to the host itself', async () => {
    await write('home/.ssh/config', 'Host loop\n  ProxyJump loop\n');
    await expect(resolveHost('loop', source)).rejects.toThrow(/ProxyJump loops/);
  });

  it('refuses tokens ssh does not know', async () => {
    await write('home/.ssh/config', 'Host h\n  HostName %p.example\nHost k\n  IdentityFile ~/%z\n');
    await expect(resolveHost('h', source)).rejects.toThrow(/%p/);
    await expect(resolveHost('k', source)).rejects.toThrow(/%z/);
  });

  it('takes the user, home and environment from this process by default', () => {
    const own = defaultConfigSource({ A: 'b' });
    expect(own.userConfig).toBe(join(own.home, '.ssh', 'config'));
    expect(own.systemConfig).toBe('/etc/ssh/ssh_config');
    expect(own.env).toEqual({ A: 'b' });
  });
});

describe('splitting a line as OpenSSH does', () => {
  it('splits arguments with quotes, escapes and comments', () => {
    expect(splitArguments(`a "b c" 'd e' f\\ g h\\"i #comment`)).toEqual(['a', 'b c', 'd e', 'f g', 'h"i']);
    expect(splitArguments('x#y "#z"')).toEqual(['x#y', '#z']);
    expect(splitArguments('"open')).toBeNull();
  });

  it('takes tokens at whitespace or one =', () => {
    expect(strdelim('Key=value')).toEqual({ token: 'Key', rest: 'value' });
    expect(strdelim('Key = value')).toEqual({ token: 'Key', rest: 'value' });
    expect(strdelim('"a b" c')).toEqual({ token: 'a b', rest: 'c' });
    expect(strdelim('last')).toEqual({ token: 'last', rest: null });
  });

  it('expands tokens, variables and ~', () => {
    expect(percentExpand('%h-%%-${V}', { h: 'host' }, { V: 'v' })).toBe('host-%-v');
    expect(() => percentExpand('${MISSING}', {}, {})).toThrow(/MISSING/);
    expect(percentExpand('${V}', {}, null)).toBe('${V}');
    expect(expandTilde('~', '/home/me', 'me')).toBe('/home/me/');
    expect(expandTilde('~//x', '/home/me', 'me')).toBe('/home/me/x');
    expect(expandTilde('~me/x', '/home/me', 'me')).toBe('/home/me/x');
    expect(() => expandTilde('~other/x', '/home/me', 'me')).toThrow(/other/);
  });
});
