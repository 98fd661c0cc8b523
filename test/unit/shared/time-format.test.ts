import { describe, expect, it } from 'vitest';
import { axisTicks, formatDuration, tickStep } from '../../../shared/view/time-format';

describe('axis ticks', () => {
  it('labels the ping sample (0.355 ms on 1000 px) in µs at round steps', () => {
    const ticks = axisTicks(0, 355, 1000);
    expect(ticks.map((t) => t.label)).toEqual(['0 µs', '50 µs', '100 µs', '150 µs', '200 µs', '250 µs', '300 µs', '350 µs']);
  });

  it('writes milliseconds with the decimals the step needs', () => {
    const ticks = axisTicks(1000, 1300, 600);
    expect(ticks.map((t) => t.label)).toEqual(['1.0 ms', '1.1 ms', '1.2 ms', '1.3 ms']);
    expect(axisTicks(1000, 1100, 600)[1]?.label).toBe('1.02 ms');
  });

  it('keeps 10 µs steps readable deep into a long trace', () => {
    const ticks = axisTicks(5_000_000, 5_000_050, 1000);
    expect(ticks[0]?.label).toBe('5.00000 s');
    expect(ticks[1]?.label).toBe('5.00001 s');
  });

  it('switches to seconds for a minute of capture', () => {
    expect(axisTicks(0, 60_000_000, 1200).map((t) => t.label)).toContain('10 s');
  });

  it('never produces float noise in labels', () => {
    for (const t of axisTicks(0.1, 0.9, 800)) expect(t.label).not.toMatch(/0000000|9999999/);
  });

  it('chooses 1-2-5 steps', () => {
    expect(tickStep(355, 1000)).toBe(50);
    expect(tickStep(1_000_000, 1000)).toBe(200_000);
  });
});

describe('durations', () => {
  it('reads like a person writes them', () => {
    expect(formatDuration(14)).toBe('14 µs');
    expect(formatDuration(1250)).toBe('1.250 ms');
    expect(formatDuration(3_200_000)).toBe('3.200 s');
    expect(formatDuration(0.5)).toBe('0.5 µs');
  });
});
