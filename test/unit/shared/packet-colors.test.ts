import { describe, expect, it } from 'vitest';
import { packetColor, packetHue, packetRgb } from '../../../shared/view/packet-colors';

function distance(a: number, b: number): number {
  const x = packetRgb(a);
  const y = packetRgb(b);
  return Math.hypot(x.r - y.r, x.g - y.g, x.b - y.b);
}

describe('packet colours', () => {
  it('are stable: the same packet always gets the same colour', () => {
    expect(packetColor(0)).toBe(packetColor(0));
    expect(packetColor(7)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('tell neighbouring packets clearly apart', () => {
    for (let p = 0; p < 500; p++) expect(distance(p, p + 1)).toBeGreaterThan(60);
  });

  it('differ across the first dozen packets', () => {
    const colors = new Set(Array.from({ length: 12 }, (_, p) => packetColor(p)));
    expect(colors.size).toBe(12);
  });

  it('leave red to drops', () => {
    for (let p = 0; p < 1000; p++) {
      const h = packetHue(p);
      expect(h >= 20 && h <= 340).toBe(true);
    }
  });
});
