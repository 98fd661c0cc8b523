/**
 * Runs electron-builder for real on this project, offline: the `dir` target into linux-unpacked/
 * with a stand-in Electron (electronDist), and the deb and AppImage targets up to the point where
 * they would start the tools they download (fpm, the AppImage runtime). There electron-builder's
 * effectiveOptionComputed hook hands over what it generated for them; the files it names are read
 * at once, as electron-builder removes its temporary folder when the build ends.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Arch, build, Platform, type TargetConfigType } from 'electron-builder';

export interface DebPlan {
  /** fpm's arguments, `SOURCE=/installed/path` file mappings among them. */
  args: string[];
  /** The .desktop file the deb installs, and where. */
  desktopEntry: string;
  desktopPath: string;
  /** The shared-mime-info XML the deb installs, and where. */
  mimeXml: string;
  mimePath: string;
  afterInstall: string;
  /** Icon files mapped to where the deb installs them. */
  icons: Map<string, string>;
}

export interface PackagingResult {
  outDir: string;
  unpacked: string;
  deb: DebPlan;
  appImage: { desktopEntry: string; desktopFileName: string };
  /** linux.target as electron-builder read it from the configuration. */
  linuxTargets: TargetConfigType;
}

/**
 * Electron's fuse wire as its executables carry it, for @electron/fuses to find and flip: the
 * sentinel, the wire's version (1) and length, then a byte per fuse, '1' on and '0' off, here at
 * Electron's defaults for the eight fuses @electron/fuses knows (RunAsNode on, cookie encryption
 * off, NODE_OPTIONS and --inspect on, asar integrity and asar-only off, one V8 snapshot, file://
 * privileges on).
 */
const DEFAULT_FUSE_WIRE = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001')]);

/** An unpacked "Electron" as electron-builder expects one: the executable (with a fuse wire), the sandbox helper, licences. */
export function standInElectron(dir: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const script = '#!/bin/sh\necho "a stand-in for Electron, which cannot be downloaded here" >&2\nexit 1\n# ';
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from(script), DEFAULT_FUSE_WIRE, Buffer.from('\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  for (const file of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html', 'locales/en-US.pak']) writeFileSync(join(dir, file), '');
  writeFileSync(join(dir, 'version'), '45.4.1');
  return dir;
}

export async function buildOffline(projectDir: string, workDir: string): Promise<PackagingResult> {
  const outDir = join(workDir, 'release');
  let deb: DebPlan | null = null;
  let appImage: PackagingResult['appImage'] | null = null;
  let linuxTargets: TargetConfigType | null = null;
  await build({
    projectDir,
    targets: Platform.LINUX.createTarget(['dir', 'deb', 'AppImage'], Arch.x64),
    publish: 'never',
    config: {
      electronDist: standInElectron(join(workDir, 'electron-dist')),
      directories: { output: outDir },
      afterPack: async (context) => {
        linuxTargets = context.packager.config.linux?.target ?? null;
      },
    },
    effectiveOptionComputed: async (computed: unknown) => {
      if (isDebPlan(computed)) deb = readDebPlan(computed[0]);
      else if (isAppImagePlan(computed)) appImage = { desktopEntry: computed.desktop, desktopFileName: computed.desktopFileName };
      // true: stop here, before fpm or the AppImage tools would be downloaded.
      return true;
    },
  });
  if (deb === null || appImage === null || linuxTargets === null) throw new Error('electron-builder did not get as far as the deb, the AppImage and afterPack');
  return { outDir, unpacked: join(outDir, 'linux-unpacked'), deb, appImage, linuxTargets };
}

/** The deb's plan: [fpm's arguments, the desktop file's temporary path]. */
function isDebPlan(computed: unknown): computed is [string[], string] {
  return Array.isArray(computed) && computed.length === 2 && Array.isArray(computed[0]) && computed[0].every((a) => typeof a === 'string') && typeof computed[1] === 'string';
}

/** The AppImage's plan: its desktop entry's text, and the name of the file it is put in. */
function isAppImagePlan(computed: unknown): computed is { desktop: string; desktopFileName: string } {
  return (
    typeof computed === 'object' &&
    computed !== null &&
    'desktop' in computed &&
    typeof computed.desktop === 'string' &&
    'desktopFileName' in computed &&
    typeof computed.desktopFileName === 'string'
  );
}

function readDebPlan(args: string[]): DebPlan {
  const mappings = new Map<string, string>();
  for (const arg of args) {
    const at = arg.indexOf('=/');
    if (arg.startsWith('/') && at > 0) mappings.set(arg.slice(at + 1), arg.slice(0, at));
  }
  const installed = (pattern: RegExp): [string, string] => {
    const found = [...mappings].find(([to]) => pattern.test(to));
    if (!found) throw new Error(`the deb installs nothing at ${pattern}`);
    return [found[0], found[1]];
  };
  const [desktopPath, desktopSource] = installed(/^\/usr\/share\/applications\/.+\.desktop$/);
  const [mimePath, mimeSource] = installed(/^\/usr\/share\/mime\/packages\/.+\.xml$/);
  const afterInstall = args[args.indexOf('--after-install') + 1];
  if (afterInstall === undefined) throw new Error('the deb has no after-install script');
  return {
    args,
    desktopEntry: readFileSync(desktopSource, 'utf8'),
    desktopPath,
    mimeXml: readFileSync(mimeSource, 'utf8'),
    mimePath,
    afterInstall: readFileSync(afterInstall, 'utf8'),
    icons: new Map([...mappings].filter(([to]) => to.startsWith('/usr/share/icons/')).map(([to, from]) => [from, to])),
  };
}
