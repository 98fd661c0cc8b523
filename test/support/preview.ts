/** Runs the real browser preview (`dist/preview/server.cjs`, as `npm run web` does) for a test. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PREVIEW_ENTRY = fileURLToPath(new URL('../../dist/preview/server.cjs', import.meta.url));
const READY = /^Skbscope preview: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))$/m;

export interface RunningPreview {
  url: string;
  port: number;
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function missingBuild(): string | null {
  return existsSync(PREVIEW_ENTRY) ? null : 'dist/preview/server.cjs is missing: run `npm run build` first';
}

/**
 * `env` lets a test mark the server and everything it starts (perf, the traced command); `asUser`
 * runs it as that uid (and gid), through setpriv, as a user without root would run it. Run as
 * this user, with no XDG_CONFIG_HOME of the test's own, it gets a data folder of its own, removed
 * when it stops: what it remembers (the recent files) stays out of the real ~/.config.
 */
export function startPreview(args: string[] = [], env: NodeJS.ProcessEnv = process.env, { asUser }: { asUser?: number } = {}): Promise<RunningPreview> {
  const config = asUser === undefined && env.XDG_CONFIG_HOME === undefined ? mkdtempSync(join(tmpdir(), 'skbscope-preview-config-')) : null;
  const childEnv = config === null ? env : { ...env, XDG_CONFIG_HOME: config };
  const removeConfig = (): void => {
    if (config !== null) rmSync(config, { recursive: true, force: true });
  };
  const node = [process.execPath, PREVIEW_ENTRY, '--port', '0', ...args];
  const argv = asUser === undefined ? node : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', ...node];
  // setpriv execs node: the child is the server itself.
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv,
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`preview did not start in 20 s: ${out}${err}`)), 20_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      removeConfig();
      reject(e);
    };
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => fail(new Error(`preview exited with ${code}: ${err}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = READY.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: m[1] as string,
        port: Number(m[2]),
        token: m[3] as string,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }).finally(removeConfig),
      });
    });
  });
}
