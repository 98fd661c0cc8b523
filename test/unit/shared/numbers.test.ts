import { describe, expect, it } from 'vitest';
import { decimalToMicros, parseInt32 } from '../../../shared/trace/numbers';

describe('timestamps', () => {
  it('are exact in microseconds, with no float drift', () => {
    expect(decimalToMicros('5027.134228', 6)).toBe(5_027_134_228);
    expect(decimalToMicros('0.355', 3)).toBe(355);
    expect(decimalToMicros('0.001', 3)).toBe(1);
    // 0.1 + 0.2 style drift would show up across a long list of values
    for (let ms = 0; ms < 5000; ms++) expect(decimalToMicros(`${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`, 3)).toBe(ms);
  });

  it('keep digits below a microsecond as a fraction', () => {
    expect(decimalToMicros('1.000000500', 6)).toBe(1_000_000.5);
    expect(decimalToMicros('1.0001', 3)).toBeCloseTo(1000.1, 9);
  });

  it('refuse what is not a plain decimal, or too large for microsecond precision', () => {
    for (const bad of ['', '.', '1.2.3', '-1.0', '1e3', 'abc', '12345678901234567.0']) {
      expect(decimalToMicros(bad, 3), bad).toBeNaN();
    }
  });
});

describe('integer fields', () => {
  it('read decimal, negative and hex', () => {
    expect(parseInt32('98')).toBe(98);
    expect(parseInt32('-22')).toBe(-22);
    expect(parseInt32('0x0800')).toBe(2048);
  });

  it('refuse text and values beyond 32 bits', () => {
    expect(parseInt32('NO_SOCKET')).toBeNull();
    expect(parseInt32('4294967282')).toBeNull();
    expect(parseInt32('')).toBeNull();
  });
});
