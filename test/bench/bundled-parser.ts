/**
 * The parser as the app runs it: the parse worker and the backend get it bundled into one module,
 * while the bench itself runs unbundled under tsx, where every use of an imported binding is a read
 * through a getter. Timing the tsx copy would measure tsx, so the bench bundles the parser the same
 * way and times that.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../support/preview';

type TraceParserModule = typeof import('../../shared/trace/trace-parser');

export async function loadBundledParser(): Promise<TraceParserModule['TraceParser']> {
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: ['shared/trace/trace-parser.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('bench: esbuild gave no bundle of the parser');
  const dir = mkdtempSync(join(tmpdir(), 'skbscope-parser-'));
  try {
    const file = join(dir, 'trace-parser.mjs');
    writeFileSync(file, code);
    const module = (await import(pathToFileURL(file).href)) as TraceParserModule;
    return module.TraceParser;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
