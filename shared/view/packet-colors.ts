/**
 * One colour per packet, stable for the session (it depends only on the packet's index, i.e. its
 * order of first appearance). Consecutive packets, which sit next to each other on the timeline,
 * are a golden angle apart in hue and alternate in lightness, so neighbours never look alike.
 * Hues near red are skipped: red is kept for drops.
 */

const GOLDEN_ANGLE = 137.508;
const RED_BAND = 20;

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export function packetHue(packet: number): number {
  let hue = (210 + packet * GOLDEN_ANGLE) % 360;
  if (hue < RED_BAND || hue > 360 - RED_BAND) hue = (hue + 2 * RED_BAND) % 360;
  return hue;
}

export function packetRgb(packet: number): Rgb {
  const lightness = packet % 2 === 0 ? 0.42 : 0.55;
  return hslToRgb(packetHue(packet), 0.72, lightness);
}

export function packetColor(packet: number): string {
  const { r, g, b } = packetRgb(packet);
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

/** Colour for events that belong to no packet (no skbaddr). */
export const NO_PACKET_COLOR = '#7a7f87';

function hex(v: number): string {
  return v.toString(16).padStart(2, '0');
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const hp = h / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  const [r1, g1, b1] =
    hp < 1 ? [c, x, 0] : hp < 2 ? [x, c, 0] : hp < 3 ? [0, c, x] : hp < 4 ? [0, x, c] : hp < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  const to255 = (v: number): number => Math.round((v + m) * 255);
  return { r: to255(r1), g: to255(g1), b: to255(b1) };
}
