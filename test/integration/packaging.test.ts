/**
 * The packages, as far as they can be made without internet: electron-builder's own `dir` build
 * with a stand-in Electron, and the desktop entry, MIME XML, icons and install script it generates
 * for the deb and the AppImage, each checked by the tools a desktop uses to read them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../support/requirements';
import { buildOffline, type PackagingResult } from './packaging-build';

const ROOT = join(import.meta.dirname, '..', '..');
const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const TOOLS = {
  'desktop-file-validate': 'desktop-file-utils',
  'update-desktop-database': 'desktop-file-utils',
  xmllint: 'libxml2-utils',
  'update-mime-database': 'shared-mime-info',
};

function missingTools(): string | null {
  if (!existsSync(join(ROOT, 'dist', 'electron', 'main.cjs'))) return 'dist/ is not built (npm run build)';
  const missing = Object.entries(TOOLS).filter(([tool]) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  return missing.length === 0 ? null : `${missing.map(([tool, pkg]) => `${tool} (apt-get install ${pkg})`).join(', ')} not found`;
}

const run = requireOrSkip(missingTools());
const packageJson: { main: string; desktopName: string } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const appId = packageJson.desktopName.replace(/\.desktop$/, '');

let work = '';
let result: PackagingResult;
let asarPath = '';
let asarFiles: string[] = [];

beforeAll(async () => {
  if (!run) return;
  work = mkdtempSync(join(tmpdir(), 'skbscope-packaging-'));
  result = await buildOffline(ROOT, work);
  asarPath = join(result.unpacked, 'resources', 'app.asar');
  asarFiles = listPackage(asarPath, { isPack: false })
    .map((entry) => entry.replace(/^\//, ''))
    .filter((entry) => !('files' in statFile(asarPath, entry)));
}, 120_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

/** The files under a folder, relative to `base`. */
function filesUnder(dir: string, base: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(base, join(entry.parentPath, entry.name)));
}

/** A desktop entry's [Desktop Entry] keys. */
function desktopKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) keys.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return keys;
}

/**
 * What desktop-file-validate says about an entry (it fails on errors), less the hint it always gives
 * for the two main categories Skbscope asks for: Development and Network both fit, and desktops
 * that list an app under each of its categories are meant to.
 */
function validateDesktopEntry(text: string, name: string): string[] {
  const path = join(mkdtempSync(join(work, 'desktop-')), name);
  writeFileSync(path, text);
  return execFileSync('desktop-file-validate', [path], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('hint: value "Development;Network;" for key "Categories" in group "Desktop Entry" contains more than one main category; application might appear more than once in the application menu'));
}

describe.runIf(run)('the unpacked app (electron-builder --linux dir, a stand-in Electron)', () => {
  it('is linux-unpacked/ with the executable named skbscope and resources/app.asar', () => {
    expect(statSync(join(result.unpacked, 'skbscope')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(result.unpacked, 'electron'))).toBe(false);
    expect(statSync(asarPath).isFile()).toBe(true);
  });

  it('has Electron’s fuses flipped for production in its executable', async () => {
    // A fuse's byte in the wire: '1' on, '0' off.
    const on = '1'.charCodeAt(0);
    const off = '0'.charCodeAt(0);
    expect(await getCurrentFuseWire(join(result.unpacked, 'skbscope'))).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: off,
      [FuseV1Options.EnableCookieEncryption]: on,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: off,
      [FuseV1Options.EnableNodeCliInspectArguments]: off,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: on,
      [FuseV1Options.OnlyLoadAppFromAsar]: on,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: off,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: off,
    });
  });

  it('holds exactly package.json, the main process and preload bundles and the built renderer', () => {
    const renderer = filesUnder(join(ROOT, 'dist', 'renderer'), ROOT).filter((file) => !file.endsWith('.map'));
    expect(renderer).toContain('dist/renderer/index.html');
    expect(asarFiles.sort()).toEqual(['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', ...renderer].sort());
  });

  it('has every asset the renderer’s index.html loads', () => {
    const html = extractFile(asarPath, 'dist/renderer/index.html').toString('utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `dist/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect(asarFiles).toContain(asset);
  });

  it('has no dependencies, dev tools, sources, source maps, tests or fixtures', () => {
    const unwanted = asarFiles.filter(
      (file) => /(^|\/)(node_modules|test|fixtures)\//.test(file) || /\.(ts|tsx|map)$/.test(file) || /^(electron|renderer|shared|build)\//.test(file),
    );
    expect(unwanted).toEqual([]);
  });

  it('has the package.json Electron reads: main, desktopName, and no scripts or dev dependencies', () => {
    const packed = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8'));
    expect(packed.main).toBe(packageJson.main);
    expect(asarFiles).toContain(packed.main);
    expect(packed.desktopName).toBe(packageJson.desktopName);
    expect(packed.productName).toBe('Skbscope');
    expect(packed.devDependencies).toBeUndefined();
    expect(packed.scripts).toBeUndefined();
  });

  /** Runs the packaged main.cjs, extracted, in Node with the stand-in electron module: the calls it made, and its log. */
  function loadPackagedMain(lock: 'free' | 'held'): { calls: [string, ...unknown[]][]; log: string | null } {
    const extracted = join(work, 'extracted');
    if (!existsSync(extracted)) extractAll(asarPath, extracted);
    const userData = mkdtempSync(join(work, 'user-data-'));
    const stub = join(import.meta.dirname, 'packaging-electron-stub.cjs');
    const child = spawnSync(process.execPath, ['--require', stub, join(extracted, packageJson.main), '--no-sandbox', 'ping.perftrace'], {
      cwd: work,
      env: { PATH: process.env.PATH, SKBSCOPE_STUB_USER_DATA: userData, SKBSCOPE_STUB_LOCK: lock },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const logPath = join(userData, 'logs', 'skbscope.log');
    return { calls: JSON.parse(child.stdout), log: existsSync(logPath) ? readFileSync(logPath, 'utf8') : null };
  }

  it('loads its main process in a plain runtime with nothing beside it (ssh2’s optional native parts absent)', () => {
    const { calls, log } = loadPackagedMain('free');
    expect(calls).toContainEqual(['app.requestSingleInstanceLock', { files: [join(work, 'ping.perftrace')] }]);
    expect(calls).toContainEqual(['protocol.registerSchemesAsPrivileged', [expect.objectContaining({ scheme: 'app' })]]);
    // Before ready, so a file double-clicked while the app starts is not lost.
    expect(calls).toContainEqual(['app.on', 'second-instance']);
    expect(calls).toContainEqual(['app.whenReady']);
    expect(log).toMatch(/ info Skbscope \d+\.\d+\.\d+\S* starting: Electron .*, packaged\.\n/);
  });

  it('as a second launch hands its files to the running app and quits, starting nothing', () => {
    const { calls, log } = loadPackagedMain('held');
    expect(calls).toContainEqual(['app.requestSingleInstanceLock', { files: [join(work, 'ping.perftrace')] }]);
    expect(calls).toContainEqual(['app.quit']);
    expect(calls).not.toContainEqual(['app.whenReady']);
    expect(calls).not.toContainEqual(['app.on', 'second-instance']);
    expect(log).toBeNull();
  });

  it('has a preload that requires nothing but electron, as a sandboxed preload must', () => {
    const preload = extractFile(asarPath, 'dist/electron/preload.cjs').toString('utf8');
    expect([...new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))]).toEqual(['electron']);
  });
});

describe.runIf(run)('the desktop entries electron-builder generates', () => {
  it('for the deb: valid, named for the window’s app id, opening files as paths', () => {
    expect(validateDesktopEntry(result.deb.desktopEntry, `${appId}.desktop`)).toEqual([]);
    expect(result.deb.desktopPath).toBe(`/usr/share/applications/${appId}.desktop`);
    const keys = desktopKeys(result.deb.desktopEntry);
    expect(keys.get('Exec')).toBe('/opt/Skbscope/skbscope %F');
    expect(keys.get('StartupWMClass')).toBe(appId);
  });

  it('for the AppImage: valid, its AppRun left to choose the sandbox', () => {
    expect(validateDesktopEntry(result.appImage.desktopEntry, result.appImage.desktopFileName)).toEqual([]);
    expect(result.appImage.desktopFileName).toBe(`${appId}.desktop`);
    expect(desktopKeys(result.appImage.desktopEntry).get('Exec')).toBe('AppRun %U');
  });

  it.each(['deb', 'appImage'] as const)('for the %s: names, categories, keywords, icon, window class and file types', (target) => {
    const keys = desktopKeys(result[target].desktopEntry);
    expect(keys.get('Type')).toBe('Application');
    expect(keys.get('Name')).toBe('Skbscope');
    expect(keys.get('GenericName')).toBe('Network Trace Viewer');
    expect(keys.get('Comment')).toMatch(/^See a packet.s journey through the Linux network stack/);
    expect(keys.get('Categories')).toBe('Development;Network;');
    expect(keys.get('Keywords')).toMatch(/^perf;trace;.*packet;.*;$/);
    expect(keys.get('Icon')).toBe('skbscope');
    expect(keys.get('Terminal')).toBe('false');
    expect(keys.get('StartupWMClass')).toBe(appId);
    expect(keys.get('MimeType')).toBe('application/x-skbscope-session;application/x-skbscope-trace;');
  });
});

describe.runIf(run)('the MIME types the deb registers', () => {
  it('are well-formed shared-mime-info XML, installed as /usr/share/mime/packages/skbscope.xml', () => {
    const path = join(work, 'skbscope.xml');
    writeFileSync(path, result.deb.mimeXml);
    expect(execFileSync('xmllint', ['--noout', path], { encoding: 'utf8' })).toBe('');
    expect(result.deb.mimePath).toBe('/usr/share/mime/packages/skbscope.xml');
  });

  it('make *.skbscope and *.perftrace known to the MIME database, and Skbscope their handler', () => {
    const share = join(work, 'share');
    mkdirSync(join(share, 'mime', 'packages'), { recursive: true });
    mkdirSync(join(share, 'applications'), { recursive: true });
    writeFileSync(join(share, 'mime', 'packages', 'skbscope.xml'), result.deb.mimeXml);
    writeFileSync(join(share, 'applications', `${appId}.desktop`), result.deb.desktopEntry);
    // Piped: update-mime-database remarks that a folder outside XDG_DATA_DIRS is not searched.
    execFileSync('update-mime-database', [join(share, 'mime')], { stdio: 'pipe' });
    execFileSync('update-desktop-database', [join(share, 'applications')], { stdio: 'pipe' });
    const globs = readFileSync(join(share, 'mime', 'globs2'), 'utf8');
    expect(globs).toMatch(/^\d+:application\/x-skbscope-session:\*\.skbscope$/m);
    expect(globs).toMatch(/^\d+:application\/x-skbscope-trace:\*\.perftrace$/m);
    expect(globs).not.toMatch(/\*\.txt/);
    const cache = readFileSync(join(share, 'applications', 'mimeinfo.cache'), 'utf8');
    expect(cache).toContain(`application/x-skbscope-session=${appId}.desktop;`);
    expect(cache).toContain(`application/x-skbscope-trace=${appId}.desktop;`);
  });
});

describe.runIf(run)('the deb’s install script', () => {
  it('is valid bash that makes chrome-sandbox setuid only where user namespaces are off, and updates the MIME and desktop databases', () => {
    const path = join(work, 'after-install.sh');
    writeFileSync(path, result.deb.afterInstall);
    expect(spawnSync('bash', ['-n', path]).status).toBe(0);
    expect(result.deb.afterInstall).toContain('unshare --user true');
    expect(result.deb.afterInstall).toContain("chmod 4755 '/opt/Skbscope/chrome-sandbox'");
    expect(result.deb.afterInstall).toContain('update-mime-database /usr/share/mime');
    expect(result.deb.afterInstall).toContain('update-desktop-database /usr/share/applications');
    expect(result.deb.afterInstall).toContain("'/usr/bin/skbscope'");
    // Ubuntu 24.04 and later restrict user namespaces through AppArmor: a profile of its own lifts that.
    expect(result.deb.afterInstall).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/skbscope'");
  });

  it('belongs to a package with a maintainer, homepage and licence', () => {
    const option = (name: string) => result.deb.args[result.deb.args.indexOf(name) + 1];
    expect(option('--name')).toBe('skbscope');
    expect(option('--maintainer')).toMatch(/^.+ <.+@.+>$/);
    expect(option('--url')).toMatch(/^https:\/\//);
    expect(option('--license')).toBe('MIT');
  });
});

describe.runIf(run)('the icons', () => {
  it.each(ICON_SIZES)('%ipx is a square PNG of that size, installed in the hicolor theme', (size) => {
    const file = join(ROOT, 'build', 'icons', `${size}x${size}.png`);
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([size, size]);
    expect(result.deb.icons.get(file)).toBe(`/usr/share/icons/hicolor/${size}x${size}/apps/skbscope.png`);
  });

  it('are every size the deb installs, from the SVG source beside them', () => {
    expect([...result.deb.icons.values()].sort()).toEqual(ICON_SIZES.map((s) => `/usr/share/icons/hicolor/${s}x${s}/apps/skbscope.png`).sort());
    expect(execFileSync('xmllint', ['--noout', join(ROOT, 'build', 'icons', 'skbscope.svg')], { encoding: 'utf8' })).toBe('');
  });
});

describe.runIf(run)('the packaging configuration', () => {
  it('names the AppImage, deb and tar.gz targets, each for x64 and arm64', () => {
    expect(result.linuxTargets).toEqual([
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'tar.gz', arch: ['x64', 'arm64'] },
    ]);
  });
});
