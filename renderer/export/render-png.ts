/** Paints a planned export onto a canvas of its full pixel size and encodes it as PNG. */
import type { Drawing } from './draw-export';

/** Chromium's limits: 32,767 px a side and about 268 million pixels in all. */
const MAX_SIDE = 32_767;
const MAX_AREA = 268_000_000;

export function pixelSize(drawing: Drawing): { width: number; height: number } {
  return { width: Math.round(drawing.layout.width * drawing.layout.scale), height: Math.round(drawing.layout.height * drawing.layout.scale) };
}

export async function renderPng(drawing: Drawing): Promise<Blob> {
  const { width, height } = pixelSize(drawing);
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_AREA) {
    throw new Error(`An image of ${width} × ${height} pixels is more than the browser can draw: choose a smaller width or scale.`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This window cannot draw images (no 2D canvas).');
  drawing.draw(ctx);
  return canvas.convertToBlob({ type: 'image/png' });
}
