/** The preview's command line: `npm run web -- [--port N] [trace.txt …]`. */
import { resolve } from 'node:path';

export type PreviewArgs =
  | { kind: 'run'; port: number; files: string[] }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export const PREVIEW_USAGE = `Usage: npm run web -- [--port N] [trace.txt …]

Serves Skbscope to a browser on 127.0.0.1 and prints the address to open.
  --port N    listen on port N (default 0: any free port)
  trace.txt   files to open as soon as the page connects
`;

export function parsePreviewArgs(argv: readonly string[], cwd: string): PreviewArgs {
  let port = 0;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const parsed = parsePort(value);
      if (parsed === null) return { kind: 'error', message: `--port needs a whole number from 0 to 65535, not ${JSON.stringify(value ?? '')}.` };
      port = parsed;
    } else if (arg.startsWith('-')) {
      return { kind: 'error', message: `Unknown option ${arg}.` };
    } else {
      files.push(arg);
    }
  }
  return { kind: 'run', port, files: files.map((file) => resolve(cwd, file)) };
}

function parsePort(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

/**
 * Where relative file names are meant from. `npm run web` runs in the package root, so a name the
 * user typed in another folder is relative to npm's INIT_CWD, the folder npm was started in.
 */
export function invocationDir(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.npm_lifecycle_event === 'web' && env.INIT_CWD ? env.INIT_CWD : cwd;
}
