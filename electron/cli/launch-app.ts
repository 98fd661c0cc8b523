/**
 * `skbscope FILE…` from an npm install: starts the desktop app with those files. A packaged app
 * is its own `skbscope` executable; this path is for people running from the npm package.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/** The package root: the bundle lives in dist/cli/. */
const APP_ROOT = resolve(__dirname, '..', '..');

export function launchApp(files: string[]): Promise<number> {
  let electronCli: string;
  try {
    electronCli = createRequire(resolve(APP_ROOT, 'package.json')).resolve('electron/cli.js');
  } catch {
    process.stderr.write('skbscope: Electron is not installed here. Run `npm ci` in the Skbscope folder, or install the Skbscope package for your system.\n');
    return Promise.resolve(1);
  }
  const child = spawn(process.execPath, [electronCli, APP_ROOT, ...files.map((f) => resolve(f))], { stdio: 'inherit' });
  return new Promise((done) => {
    child.on('error', (err) => {
      process.stderr.write(`skbscope: could not start Electron: ${err.message}\n`);
      done(1);
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}
