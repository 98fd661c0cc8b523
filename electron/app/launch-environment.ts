/**
 * The environment perf, pkexec, ssh-agent lookups and traced commands get, for an app launched from
 * a desktop menu rather than a terminal. Such a launch may lack SSH_AUTH_SOCK (the terminal's shell
 * profile started the agent, or the session exported it only to systemd), and an AppImage adds its
 * own folders to PATH and LD_LIBRARY_PATH, which are for the app, not for the programs it starts.
 * PATH's missing sbin folders are added where programs are looked up (capture/program-path.ts).
 */
import { execFile } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

export interface EnvironmentProbes {
  uid: number;
  /** `systemctl --user show-environment`'s output, or null when there is no systemd user manager. */
  systemdUserEnvironment(): Promise<string | null>;
  /** Whether the path is a Unix socket that belongs to this user. */
  isOwnSocket(path: string, uid: number): Promise<boolean>;
}

export interface LaunchEnvironment {
  env: NodeJS.ProcessEnv;
  /** Where SSH_AUTH_SOCK came from, for the log. */
  agentFrom: 'launch' | 'systemd' | 'socket' | 'none';
}

/** Folders AppRun puts first in these lists; they hold the AppImage's own files. */
const APPIMAGE_LISTS = ['PATH', 'LD_LIBRARY_PATH', 'XDG_DATA_DIRS', 'GSETTINGS_SCHEMA_DIR'] as const;

/**
 * Agents' usual sockets in the user's runtime folder, in the order tried: GNOME's gcr-ssh-agent and
 * the older gnome-keyring one, Debian's ssh-agent user service, the common ssh-agent.socket unit,
 * and gpg-agent's ssh socket (only there when enable-ssh-support is on).
 */
export const AGENT_SOCKETS = ['gcr/ssh', 'keyring/ssh', 'openssh_agent', 'ssh-agent.socket', 'gnupg/S.gpg-agent.ssh'] as const;

const SYSTEMCTL_TIMEOUT_MS = 2000;

export async function launchEnvironment(launched: NodeJS.ProcessEnv, probes: EnvironmentProbes = systemProbes()): Promise<LaunchEnvironment> {
  const env = withoutAppImageFolders(launched);
  if (nonEmpty(env.SSH_AUTH_SOCK)) return { env, agentFrom: 'launch' };
  const exported = agentFromSystemd(await probes.systemdUserEnvironment());
  if (exported !== null && (await probes.isOwnSocket(exported, probes.uid))) return { env: { ...env, SSH_AUTH_SOCK: exported }, agentFrom: 'systemd' };
  const runtimeDir = nonEmpty(env.XDG_RUNTIME_DIR) && isAbsolute(env.XDG_RUNTIME_DIR) ? env.XDG_RUNTIME_DIR : `/run/user/${probes.uid}`;
  for (const socket of AGENT_SOCKETS) {
    const path = join(runtimeDir, socket);
    if (await probes.isOwnSocket(path, probes.uid)) return { env: { ...env, SSH_AUTH_SOCK: path }, agentFrom: 'socket' };
  }
  return { env, agentFrom: 'none' };
}

/** The environment less the AppImage's folders, when running from one. */
function withoutAppImageFolders(launched: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const appDir = launched.APPDIR;
  if (!nonEmpty(launched.APPIMAGE) || !nonEmpty(appDir)) return { ...launched };
  const env = { ...launched };
  const inside = `${appDir.replace(/\/+$/, '')}/`;
  for (const name of APPIMAGE_LISTS) {
    const value = env[name];
    if (value === undefined) continue;
    const kept = value.split(delimiter).filter((entry) => entry !== '' && entry !== appDir && !entry.startsWith(inside));
    if (kept.length > 0) env[name] = kept.join(delimiter);
    else delete env[name];
  }
  return env;
}

/** SSH_AUTH_SOCK as `systemctl --user show-environment` prints it, when it is a plain absolute path. */
function agentFromSystemd(output: string | null): string | null {
  if (output === null) return null;
  for (const line of output.split('\n')) {
    if (!line.startsWith('SSH_AUTH_SOCK=')) continue;
    const value = line.slice('SSH_AUTH_SOCK='.length);
    // systemctl quotes values holding special characters ($'…'); no agent socket path needs them.
    return isAbsolute(value) && !/[\s'"$\\]/.test(value) ? value : null;
  }
  return null;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** The real machine: its systemd user manager and its files. */
export function systemProbes(): EnvironmentProbes {
  return {
    uid: process.getuid?.() ?? -1,
    systemdUserEnvironment: () =>
      new Promise((resolve) => {
        execFile('systemctl', ['--user', 'show-environment'], { timeout: SYSTEMCTL_TIMEOUT_MS }, (err, stdout) => resolve(err ? null : stdout));
      }),
    isOwnSocket: async (path, uid) => {
      try {
        const stats = await lstat(path);
        return stats.isSocket() && stats.uid === uid;
      } catch {
        return false;
      }
    },
  };
}
