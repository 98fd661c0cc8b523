/**
 * The resolver against real `ssh -G -F ~/.ssh/config`: for every case the same hostname, port,
 * user, identity files, jump hosts, known_hosts files and the rest, field by field.
 */
import { hostname, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHost } from '../../../electron/ssh/ssh-config/resolve-host';
import { requireOrSkip } from '../../support/requirements';
import { makeSshSandbox, missingSshOracle, parseSshDump, shownBySsh, sshView, type SshSandbox } from '../../support/ssh-oracle';

const run = requireOrSkip(missingSshOracle());

interface Target {
  /** As typed in the app. */
  ours: string;
  /** The same for ssh's command line, when ssh spells it differently. */
  ssh?: string[];
}

interface Case {
  name: string;
  /** Files under the sandbox home; `.ssh/config` is the config given to ssh with -F. */
  files: Record<string, string>;
  targets: (string | Target)[];
}

const LOCAL_USER = userInfo().username;

const CASES: Case[] = [
  {
    name: 'aliases with HostName, User, Port, and targets with a user or port of their own',
    files: {
      '.ssh/config': `Host web
  HostName web.example.com
  User deploy
  Port 2222
Host db db2
  HostName 10.0.0.5
  IdentityFile ~/.ssh/db_key
`,
    },
    targets: ['web', 'db', 'db2', 'other.example', 'ops@web', 'ssh://ops@web:2200', { ours: 'web:2201', ssh: ['-p', '2201', 'web'] }, { ours: 'u@[::1]:2202', ssh: ['-p', '2202', 'u@::1'] }, 'Web'],
  },
  {
    name: 'addresses written as the C library prints them, names lowercased',
    files: { '.ssh/config': 'Host *\n  User any\n' },
    targets: ['127.1', '0x7f.0.0.1', '010.1.1.1', '1.2.3.4.5', 'FE80::A', '0:0:0:0:0:0:0:1', '::FFFF:1.2.3.4', '2001:db8:0:0:1:0:0:1', 'Mixed.Case.Example'],
  },
  {
    name: 'wildcards, with Host * defaults placed first and last',
    files: {
      '.ssh/config': `Host *
  User first
  ServerAliveInterval 30
Host *.prod
  User produser
  Port 2200
Host a?.dev
  HostName %h.internal
Host *
  User last
  Port 2022
  ConnectTimeout 7
  IdentityFile ~/.ssh/fallback
`,
    },
    targets: ['x.prod', 'a1.dev', 'ab1.dev', 'plain'],
  },
  {
    name: 'negated patterns',
    files: {
      '.ssh/config': `Host *.corp !bastion.corp
  ProxyJump bastion.corp
Host bastion.corp
  User jumper
Host * !*.corp
  IdentitiesOnly yes
Host !nothing
  HashKnownHosts yes
`,
    },
    targets: ['web.corp', 'bastion.corp', 'home.lan', 'nothing'],
  },
  {
    name: 'Include: relative, globbed (hidden files left out), nested, absolute and ~/ paths',
    files: {
      '.ssh/config': `Include conf.d/*.conf
Include ~/.ssh/extra
Host main
  HostName main.example
  Include inside-main
`,
      '.ssh/conf.d/10-a.conf': `Host alpha
  HostName alpha.example
  Include nested/*.conf
`,
      '.ssh/conf.d/nested/n.conf': `Port 2345
Host beta
  IdentityFile ~/.ssh/from-nested
`,
      '.ssh/conf.d/20-b.conf': `Host beta
  User betauser
Host alpha
  User alphauser
`,
      '.ssh/conf.d/.hidden.conf': `Host alpha
  Port 1
`,
      '.ssh/conf.d/not-matched.txt': `Host alpha
  Port 2
`,
      '.ssh/extra': `Host *
  User fallback
`,
      '.ssh/inside-main': `Port 2400
Host *
  User never-applies
`,
    },
    targets: ['alpha', 'beta', 'main', 'zed'],
  },
  {
    name: 'ProxyJump: one hop, several, ssh:// hops, none, and ProxyCommand taken first',
    files: {
      '.ssh/config': `Host one
  ProxyJump jump.example
Host multi
  ProxyJump u1@j1.example:2201,j2.example,[::1]:2203
Host uri
  ProxyJump ssh://juser@j.example:2222 # a comment
Host nojump
  ProxyJump none
Host pc
  ProxyCommand nc %h %p
Host *
  ProxyJump default.example
`,
    },
    targets: ['one', 'multi', 'uri', 'nojump', 'pc', 'any.example'],
  },
  {
    name: 'tokens and ~ in IdentityFile, UserKnownHostsFile and IdentityAgent',
    files: {
      '.ssh/config': `Host keys
  HostName Keys.Example.COM
  User kuser
  Port 2022
  IdentityFile ~/.ssh/%h_%r
  IdentityFile %d/.ssh/%u-%n-%p-%%
  IdentityFile "~/.ssh/with space"
  IdentityFile ~/.ssh/%h_%r
  IdentityFile ~/.ssh/%l-%L
  UserKnownHostsFile ~/.ssh/kh_%h %d/kh2_%r
  IdentityAgent ~/agent.%r.sock
Host keys2
  HostName 127.1
  IdentityFile none
  UserKnownHostsFile none
  GlobalKnownHostsFile ~/global_kh
`,
    },
    targets: ['keys', 'keys2'],
  },
  {
    name: 'Match host, originalhost, user, localuser, all, exec that fails, negation',
    files: {
      '.ssh/config': `Host m1
  HostName Real.Example
Match host real.example
  User matched
Match originalhost m1 user matched
  Port 2345
Match user nobody
  Port 1
Match localuser ${LOCAL_USER}
  IdentitiesOnly yes
Match exec "false"
  Port 9
Match !host zzz*
  ConnectTimeout 11
Match all
  ServerAliveInterval 5
Match host *.example,!real.example
  User other
`,
    },
    targets: ['m1', 'x.example', 'alice@m1', 'zzz1'],
  },
  {
    name: 'Match final reads the config again with Host matching the final host name',
    files: {
      '.ssh/config': `Host short
  HostName long.example
Match final host long.example
  User finaluser
Match canonical
  IdentityFile ~/.ssh/canonical
Host long.example
  Port 2999
  IdentityFile ~/.ssh/short
`,
    },
    targets: ['short', 'long.example', 'other'],
  },
  {
    name: 'first value wins; keywords in any case; = separators; quoting and escapes; comments',
    files: {
      '.ssh/config': `IgnoreUnknown UseKeychain,AddToKeychain
HOST fw
  hostname first.example
  HostName second.example
  USER=alice
  user bob
  PORT = 2022
  port 2023
  IdentityFile='~/.ssh/quoted key'
  IdentityFile ~/.ssh/hash#kept
  IdentityFile ~/.ssh/esc\\ aped  # trailing comment
  StrictHostKeyChecking=accept-new
  StrictHostKeyChecking no
  HashKnownHosts yes
  PreferredAuthentications publickey,password
  PasswordAuthentication no
  KbdInteractiveAuthentication no
  PubkeyAuthentication unbound
  HostKeyAlias Fw-Alias
  GlobalKnownHostsFile ~/global_kh /etc/ssh/other
  ConnectTimeout 1m30s
  BatchMode yes
  # a comment line
  IdentityAgent SSH_AUTH_SOCK
Host fw2
  User "quoted user"
  StrictHostKeyChecking no
  ServerAliveInterval=2h
  ChallengeResponseAuthentication no
  UseKeychain yes
  ConnectTimeout none
  ConnectTimeout 3
Host fw3
  StrictHostKeyChecking yes
  PubkeyAuthentication no
  BatchMode yes
  ProxyCommand none
  ProxyJump after.none
`,
    },
    targets: ['fw', 'fw2', 'fw3'],
  },
];

describe.runIf(run)('resolveHost matches ssh -G', () => {
  let box: SshSandbox;
  beforeAll(async () => {
    box = await makeSshSandbox();
  });
  afterAll(async () => {
    await box.remove();
  });

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      await box.remove();
      box = await makeSshSandbox();
      for (const [name, text] of Object.entries(testCase.files)) await box.write(name, text);
      for (const target of testCase.targets) {
        const { ours, ssh } = typeof target === 'string' ? { ours: target, ssh: [target] } : { ours: target.ours, ssh: target.ssh ?? [target.ours] };
        const dumped = await box.ssh(['-G', '-F', box.source.userConfig, ...ssh]);
        expect(dumped.code, `ssh -G ${ssh.join(' ')}: ${dumped.stderr}`).toBe(0);
        const expected = sshView(parseSshDump(dumped.stdout), box, hostname());
        const resolved = await resolveHost(ours, { ...box.source, systemConfig: null });
        expect(shownBySsh(resolved), `${ours} in "${testCase.name}"`).toEqual(expected);
      }
    });
  }
});

