/** Which config files to read, and for whom: the user's and the system's, as ssh reads them. */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Environment } from './path-expansion';

export interface SshConfigSource {
  /** Usually ~/.ssh/config. */
  userConfig: string;
  /** Usually /etc/ssh/ssh_config; null to read none. Its relative Includes are taken from its folder. */
  systemConfig: string | null;
  /** The home folder ssh uses (the password database's, not $HOME): `~`, `%d`, relative Includes. */
  home: string;
  localUser: string;
  /** For `${VAR}` in paths and IdentityAgent; none set when left out. */
  env?: Environment;
}

export function defaultConfigSource(env: Environment = process.env): SshConfigSource {
  const { homedir, username } = userInfo();
  return {
    userConfig: join(homedir, '.ssh', 'config'),
    systemConfig: '/etc/ssh/ssh_config',
    home: homedir,
    localUser: username,
    env,
  };
}
