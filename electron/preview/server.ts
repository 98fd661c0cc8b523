/** `npm run web`: starts the browser preview and prints the one line to open (built to dist/preview/server.cjs). */
import { join } from 'node:path';
import { invocationDir, PREVIEW_USAGE, parsePreviewArgs } from './preview-args';
import { startPreviewServer } from './preview-server';

async function main(): Promise<number> {
  const args = parsePreviewArgs(process.argv.slice(2), invocationDir(process.env, process.cwd()));
  if (args.kind === 'help') {
    process.stdout.write(PREVIEW_USAGE);
    return 0;
  }
  if (args.kind === 'error') {
    process.stderr.write(`Skbscope preview: ${args.message}\n\n${PREVIEW_USAGE}`);
    return 1;
  }
  const server = await startPreviewServer({
    port: args.port,
    // This file runs as dist/preview/server.cjs, next to dist/renderer.
    rendererDir: join(__dirname, '..', 'renderer'),
    files: args.files,
    version: SKBSCOPE_VERSION,
  });
  // The test helper and the user both look for exactly this one line on stdout.
  process.stdout.write(`Skbscope preview: ${server.url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Skbscope preview: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
