/**
 * Disks that fail the way users' disks do, for tests of saving: a tiny tmpfs that fills up, and one
 * remounted read-only. Mounting needs root (CAP_SYS_ADMIN); every mount is undone by unmountAll,
 * which a test's afterEach calls whatever happened.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mounted: string[] = [];

/** Why tmpfs cannot be mounted here, or null when it can (tried for real, then undone). */
export function missingMounts(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root (mounting a small disk needs root)';
  const dir = mkdtempSync(join(tmpdir(), 'skbscope-mount-probe-'));
  try {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
    if (mount.error !== undefined) return 'mount not found (apt-get install mount)';
    if (mount.status !== 0) return `tmpfs cannot be mounted here: ${mount.stderr.trim()}`;
    spawnSync('umount', [dir]);
    return null;
  } finally {
    rmdirSync(dir);
  }
}

/** A new folder `dir` that is a tmpfs of `kib` KiB. */
export function mountSmallDisk(dir: string, kib: number): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0755`, 'tmpfs', dir]);
  mounted.push(dir);
}

/** Makes a disk mounted by mountSmallDisk read-only, files and all. */
export function makeReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir]);
}

/** Unmounts every disk mounted here, the last first; lazily, so a file left open cannot keep one. */
export function unmountAll(): void {
  for (const dir of mounted.splice(0).reverse()) spawnSync('umount', ['-l', dir]);
}
