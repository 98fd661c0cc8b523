import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { defaultConfigSource } from '../ssh-config/config-source';
import type { ServerPlaces } from './server-catalog';

/**
 * Where the browser preview and the CLI keep the app's data (saved servers), as the XDG base
 * directory spec says: $XDG_CONFIG_HOME/skbscope, or ~/.config/skbscope. Electron uses its own
 * userData folder instead.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The spec says a relative value is to be ignored.
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.config');
  return join(base, 'skbscope');
}

/** The user's own saved servers and ssh config, for the browser preview and the CLI. */
export function userServerPlaces(env: NodeJS.ProcessEnv = process.env): ServerPlaces {
  return { dataDir: userDataDir(env), sshConfig: defaultConfigSource(env) };
}
