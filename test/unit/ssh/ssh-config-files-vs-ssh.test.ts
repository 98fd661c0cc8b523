/**
 * The parts of config reading that `-F` bypasses, against real ssh run without it (in a mount
 * namespace where a temporary home and /etc/ssh stand in for the real ones): the system config
 * after the user's, its own Includes, a missing config, permission checks, and configs ssh refuses.
 */
import { copyFile, chmod, chown, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SshConfigError } from '../../../electron/ssh/ssh-config/config-error';
import { resolveHost } from '../../../electron/ssh/ssh-config/resolve-host';
import { requireOrSkip } from '../../support/requirements';
import { makeSshSandbox, missingSshOracle, parseSshDump, shownBySsh, sshView, type SshSandbox } from '../../support/ssh-oracle';

const run = requireOrSkip(missingSshOracle());

describe.runIf(run)('config files as ssh reads them without -F', () => {
  let box: SshSandbox;
  beforeEach(async () => {
    box = await makeSshSandbox();
  });
  afterEach(async () => {
    await box.remove();
  });

  async function expectSameAsSsh(target: string): Promise<void> {
    const dumped = await box.ssh(['-G', target]);
    expect(dumped.code, dumped.stderr).toBe(0);
    const view = sshView(parseSshDump(dumped.stdout), box, hostname());
    expect(shownBySsh(await resolveHost(target, box.source)), target).toEqual(view);
  }

  it('reads the system config after the user config, with Includes relative to its folder', async () => {
    await box.write(
      '.ssh/config',
      `Host special
  IdentityFile ~/.ssh/user_key
  User me
Host *
  ConnectTimeout 4
`,
    );
    await box.write(
      '/etc/ssh/ssh_config',
      `Include ssh_config.d/*.conf
Host *
  HashKnownHosts yes
  User sysuser
  IdentityFile ~/.ssh/sys_key
  SendEnv LANG LC_*
  ConnectTimeout 9
`,
    );
    await box.write(
      '/etc/ssh/ssh_config.d/a.conf',
      `Host special
  Port 2022
  IdentityFile ~/.ssh/user_key
  StrictHostKeyChecking accept-new
`,
    );
    for (const target of ['special', 'plain.example', 'given@special']) await expectSameAsSsh(target);
  });

  it("reads this machine's own /etc/ssh/ssh_config the same way", async () => {
    if (existsSync('/etc/ssh/ssh_config')) await copyFile('/etc/ssh/ssh_config', join(box.etcSsh, 'ssh_config'));
    await box.write('.ssh/config', 'Host h\n  HostName h.example\n');
    await expectSameAsSsh('h');
  });

  it('takes a missing config, or a folder in its place, as empty', async () => {
    await expectSameAsSsh('nothing.example');
    await mkdir(box.source.userConfig);
    await expectSameAsSsh('nothing.example');
  });

  it('refuses a config others may write, as ssh does, and accepts what ssh accepts', async () => {
    const config = await box.write('.ssh/config', 'Host h\n  User u\n');
    for (const mode of [0o644, 0o664, 0o666, 0o646]) {
      await chmod(config, mode);
      const ssh = await box.ssh(['-G', 'h']);
      const ours = await resolveHost('h', box.source).then(
        () => 'accepted',
        (err: unknown) => (err instanceof SshConfigError ? err.message : `unexpected ${String(err)}`),
      );
      expect(ours === 'accepted', `mode ${mode.toString(8)}: ssh ${ssh.stderr}, ours ${ours}`).toBe(ssh.code === 0);
      if (ssh.code !== 0) expect(ssh.stderr).toContain('Bad owner or permissions');
    }
    await chmod(config, 0o644);
    await chown(config, 12345, 12345);
    expect((await box.ssh(['-G', 'h'])).code).not.toBe(0);
    await expect(resolveHost('h', box.source)).rejects.toThrow(/Bad owner or permissions/);
  });

  it('checks the permissions of included files too', async () => {
    await box.write('.ssh/config', 'Include part\n');
    const part = await box.write('.ssh/part', 'Host h\n  User u\n');
    await chmod(part, 0o666);
    expect((await box.ssh(['-G', '-F', box.source.userConfig, 'h'])).stderr).toContain('Bad owner or permissions');
    await expect(resolveHost('h', box.source)).rejects.toThrow(new RegExp(`${part}.*Bad owner or permissions`));
  });
});

describe.runIf(run)('configs ssh refuses are refused, naming file and line', () => {
  let box: SshSandbox;
  beforeEach(async () => {
    box = await makeSshSandbox();
  });
  afterEach(async () => {
    await box.remove();
  });

  const broken: { name: string; config: string; line: number }[] = [
    { name: 'a port that is not a number', config: 'Host h\n  Port abc\n', line: 2 },
    { name: 'a port out of range', config: 'Host h\n  Port 70000\n', line: 2 },
    { name: 'an unknown keyword', config: 'Host h\n  User u\n  Frobnicate yes\n', line: 3 },
    { name: 'an unknown keyword in a block that does not apply', config: 'Host other\n  Frobnicate yes\n', line: 2 },
    { name: 'an unknown keyword before the IgnoreUnknown that covers it', config: 'UseKeychain yes\nIgnoreUnknown UseKeychain\n', line: 1 },
    { name: 'a quote left open', config: 'Host h\n  User "open\n', line: 2 },
    { name: 'a keyword without value', config: 'Host h\n  HostName\n', line: 2 },
    { name: 'extra arguments', config: 'Host h\n  HostName a b\n', line: 2 },
    { name: 'an unsupported Match criterion', config: 'Match nonsense x\n  User u\n', line: 1 },
    { name: 'a Match criterion without its value', config: 'Match host\n', line: 1 },
    { name: 'a flag that is not yes or no', config: 'Host h\n  IdentitiesOnly perhaps\n', line: 2 },
    { name: 'a bad time', config: 'Host h\n  ConnectTimeout 5x\n', line: 2 },
    { name: 'a bad ProxyJump', config: 'Host h\n  ProxyJump user@\n', line: 2 },
    { name: '"none" among other known_hosts files', config: 'Host h\n  UserKnownHostsFile a none\n', line: 2 },
    { name: 'an IdentityAgent naming an unset variable', config: 'Host h\n  IdentityAgent ${SKBSCOPE_UNSET_VARIABLE}\n', line: 2 },
  ];

  for (const { name, config, line } of broken) {
    it(name, async () => {
      const file = await box.write('.ssh/config', config);
      const ssh = await box.ssh(['-G', 'h']);
      expect(ssh.code, ssh.stdout).not.toBe(0);
      expect(ssh.stderr).toContain(`line ${line}`);
      const error = await resolveHost('h', box.source).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(SshConfigError);
      expect((error as SshConfigError).message).toContain(`${file} line ${line}: `);
    });
  }

  it('an Include that includes itself', async () => {
    await box.write('.ssh/config', 'Include config\n');
    const ssh = await box.ssh(['-G', 'h']);
    expect(ssh.stderr).toContain('Too many recursive configuration includes');
    await expect(resolveHost('h', box.source)).rejects.toThrow(/Too many recursive configuration includes/);
  });
});
