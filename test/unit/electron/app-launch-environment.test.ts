import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_SOCKETS, type EnvironmentProbes, launchEnvironment, systemProbes } from '../../../electron/app/launch-environment';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A real listening Unix socket, as an agent makes. */
async function socketAt(path: string): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
}

/** This machine's socket checks, with the systemd user manager's environment as given. */
function probes(systemd: string | null): EnvironmentProbes {
  return { ...systemProbes(), systemdUserEnvironment: async () => systemd };
}

const runtimeDir = () => mkdtempSync(join(tmpdir(), 'skbscope-runtime-'));

describe('ssh-agent for a launch from the desktop', () => {
  it('keeps the SSH_AUTH_SOCK the launch had', async () => {
    const result = await launchEnvironment({ SSH_AUTH_SOCK: '/run/user/1000/keyring/ssh', HOME: '/home/me' }, probes('SSH_AUTH_SOCK=/elsewhere\n'));
    expect(result).toEqual({ env: { SSH_AUTH_SOCK: '/run/user/1000/keyring/ssh', HOME: '/home/me' }, agentFrom: 'launch' });
  });

  it('takes the one the session exported to systemd when the launch had none', async () => {
    const dir = runtimeDir();
    await socketAt(join(dir, 'agent.sock'));
    const result = await launchEnvironment({ XDG_RUNTIME_DIR: dir }, probes(`HOME=/root\nSSH_AUTH_SOCK=${join(dir, 'agent.sock')}\nLANG=C.UTF-8\n`));
    expect(result.env.SSH_AUTH_SOCK).toBe(join(dir, 'agent.sock'));
    expect(result.agentFrom).toBe('systemd');
  });

  it('ignores an exported socket that is not there, or a value systemctl had to quote', async () => {
    const dir = runtimeDir();
    expect((await launchEnvironment({ XDG_RUNTIME_DIR: dir }, probes(`SSH_AUTH_SOCK=${join(dir, 'gone')}\n`))).agentFrom).toBe('none');
    expect((await launchEnvironment({ XDG_RUNTIME_DIR: dir }, probes("SSH_AUTH_SOCK=$'/tmp/a\\nb'\n"))).agentFrom).toBe('none');
  });

  it.each(AGENT_SOCKETS)('finds an agent at the usual %s in the runtime folder', async (socket) => {
    const dir = runtimeDir();
    await socketAt(join(dir, socket));
    const result = await launchEnvironment({ XDG_RUNTIME_DIR: dir, SSH_AUTH_SOCK: '' }, probes(null));
    expect(result).toEqual({ env: { XDG_RUNTIME_DIR: dir, SSH_AUTH_SOCK: join(dir, socket) }, agentFrom: 'socket' });
  });

  it('prefers the desktop’s own agent to gpg-agent when both are there', async () => {
    const dir = runtimeDir();
    await socketAt(join(dir, 'gnupg/S.gpg-agent.ssh'));
    await socketAt(join(dir, 'gcr/ssh'));
    expect((await launchEnvironment({ XDG_RUNTIME_DIR: dir }, probes(null))).env.SSH_AUTH_SOCK).toBe(join(dir, 'gcr/ssh'));
  });

  it('takes a plain file where a socket should be for no agent', async () => {
    const dir = runtimeDir();
    writeFileSync(join(dir, 'openssh_agent'), '');
    expect(await launchEnvironment({ XDG_RUNTIME_DIR: dir }, probes(null))).toEqual({ env: { XDG_RUNTIME_DIR: dir }, agentFrom: 'none' });
  });

  it('takes a socket of another user for no agent', async () => {
    const dir = runtimeDir();
    await socketAt(join(dir, 'openssh_agent'));
    const someoneElse = { ...probes(null), uid: (process.getuid?.() ?? 0) + 4242 };
    expect((await launchEnvironment({ XDG_RUNTIME_DIR: dir }, someoneElse)).agentFrom).toBe('none');
  });

  it('looks in /run/user/UID when XDG_RUNTIME_DIR is unset', async () => {
    const looked: string[] = [];
    const recording: EnvironmentProbes = {
      uid: 1234,
      systemdUserEnvironment: async () => null,
      isOwnSocket: async (path) => {
        looked.push(path);
        return false;
      },
    };
    await launchEnvironment({}, recording);
    expect(looked).toEqual(AGENT_SOCKETS.map((socket) => `/run/user/1234/${socket}`));
  });
});

describe('the AppImage’s folders', () => {
  it('are left out of what programs the app starts see', async () => {
    const appDir = '/tmp/.mount_SkbscoXYZ';
    const launched = {
      APPIMAGE: '/home/me/Skbscope.AppImage',
      APPDIR: appDir,
      PATH: `${appDir}:${appDir}/usr/sbin:/usr/local/bin:/usr/bin`,
      LD_LIBRARY_PATH: `${appDir}/usr/lib`,
      XDG_DATA_DIRS: `${appDir}/usr/share/:/usr/local/share:/usr/share:/usr/share/gnome:/usr/local/share/:/usr/share/`,
      GSETTINGS_SCHEMA_DIR: `${appDir}/usr/share/glib-2.0/schemas`,
      SSH_AUTH_SOCK: '/run/user/1000/gcr/ssh',
    };
    const { env } = await launchEnvironment(launched, probes(null));
    expect(env.PATH).toBe('/usr/local/bin:/usr/bin');
    expect(env.LD_LIBRARY_PATH).toBeUndefined();
    expect(env.GSETTINGS_SCHEMA_DIR).toBeUndefined();
    expect(env.XDG_DATA_DIRS).toBe('/usr/local/share:/usr/share:/usr/share/gnome:/usr/local/share/:/usr/share/');
    expect(env.APPIMAGE).toBe(launched.APPIMAGE);
  });

  it('are only taken out when running from an AppImage', async () => {
    const launched = { APPDIR: '/opt', PATH: '/opt/bin:/usr/bin', SSH_AUTH_SOCK: '/s' };
    expect((await launchEnvironment(launched, probes(null))).env).toEqual(launched);
  });

  it('does not change the environment it was given', async () => {
    const launched = { APPIMAGE: '/a.AppImage', APPDIR: '/tmp/.mount_x', PATH: '/tmp/.mount_x:/usr/bin', SSH_AUTH_SOCK: '/s' };
    const copy = { ...launched };
    await launchEnvironment(launched, probes(null));
    expect(launched).toEqual(copy);
  });
});
