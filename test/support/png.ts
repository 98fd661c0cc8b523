/** Exported images, decoded for tests: sizes, and the colour at a point. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export interface Image {
  width: number;
  height: number;
  data: Buffer;
}

export function readPng(path: string): Image {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height, data: png.data };
}

export function rgbAt(img: Image, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[i] as number, img.data[i + 1] as number, img.data[i + 2] as number];
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Pixels in a box darker than `luminance` (0–255): text, where the background is light. */
export function darkPixels(img: Image, box: { x: number; y: number; width: number; height: number }, luminance = 120): number {
  let n = 0;
  for (let y = Math.floor(box.y); y < box.y + box.height; y++) {
    for (let x = Math.floor(box.x); x < box.x + box.width; x++) {
      const [r, g, b] = rgbAt(img, x, y);
      if (0.299 * r + 0.587 * g + 0.114 * b < luminance) n++;
    }
  }
  return n;
}

/** Debian's pngcheck: null when it accepts the file, else what it said. */
export function pngcheckProblem(path: string): string | null {
  const r = spawnSync('pngcheck', [path], { encoding: 'utf8' });
  if (r.error) return `pngcheck could not run: ${r.error.message}`;
  return r.status === 0 ? null : `${r.stdout}${r.stderr}`;
}

export function missingPngcheck(): string | null {
  return spawnSync('pngcheck', ['-h'], { stdio: 'ignore' }).error ? 'pngcheck not found (apt-get install pngcheck)' : null;
}
