// Bundles the Node-side entry points into dist/ as CommonJS: Electron's main and preload, the
// browser-preview server and the CLI. The renderer is built separately by Vite.
import { existsSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

const entries = [
  { entry: 'electron/main.ts', out: 'dist/electron/main.cjs' },
  // Sandboxed preloads may require only 'electron' (checked below), hence one self-contained file.
  { entry: 'electron/preload.ts', out: 'dist/electron/preload.cjs', onlyRequires: ['electron'] },
  { entry: 'electron/preview/server.ts', out: 'dist/preview/server.cjs' },
  { entry: 'electron/cli/skbscope.ts', out: 'dist/cli/skbscope.cjs', executable: true },
];

let failed = false;
for (const { entry, out, executable, onlyRequires } of entries) {
  if (!existsSync(new URL(`../${entry}`, import.meta.url))) {
    console.warn(`bundle-node: skipped ${entry}: it does not exist yet`);
    continue;
  }
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    // electron is provided at run time; the rest are optional native speed-ups that ws and ssh2
    // load inside try/catch and do without when absent.
    external: ['electron', 'bufferutil', 'utf-8-validate', 'cpu-features', '*.node'],
    define: { SKBSCOPE_VERSION: JSON.stringify(version) },
    banner: executable ? { js: '#!/usr/bin/env node' } : undefined,
    metafile: true,
    logLevel: 'warning',
  });
  if (onlyRequires) {
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
    const stray = imports.filter((path) => !onlyRequires.includes(path));
    if (stray.length > 0) {
      console.error(`bundle-node: ${out} may only require ${onlyRequires.join(', ')}, but requires ${stray.join(', ')}`);
      failed = true;
    }
  }
  if (executable) await chmod(new URL(`../${out}`, import.meta.url), 0o755);
  console.log(`bundle-node: ${entry} → ${out}`);
}
if (failed) process.exit(1);
