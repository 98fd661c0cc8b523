/**
 * Numbers as perf prints them. Timestamps are converted from their decimal text without going
 * through a float multiply, so "5027.134228" seconds is exactly 5027134228 µs, not ...227.9999.
 */

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * A non-negative decimal `int.frac` in a unit of 10^scale µs (3 for ms, 6 for s), as µs.
 * Digits beyond µs stay as a fraction. NaN when the text is not such a number or too large to
 * keep microsecond precision.
 */
export function decimalToMicros(text: string, scale: 3 | 6): number {
  const dot = text.indexOf('.');
  const intText = dot < 0 ? text : text.slice(0, dot);
  const fracText = dot < 0 ? '' : text.slice(dot + 1);
  if (!isDigits(intText) || (fracText !== '' && !isDigits(fracText))) return NaN;
  const whole = Number(intText) * (POW10[scale] as number);
  const micros = fracText.slice(0, scale).padEnd(scale, '0');
  const below = fracText.slice(scale);
  let us = whole + Number(micros);
  if (below !== '' && /[1-9]/.test(below)) us += Number(`0.${below}`);
  return Number.isSafeInteger(Math.floor(us)) ? us : NaN;
}

/** An integer field value: decimal, negative, or 0x hex. null when it is not one or does not fit 32 bits. */
export function parseInt32(text: string): number | null {
  const t = text.trim();
  let v: number;
  if (/^-?\d+$/.test(t)) v = Number(t);
  else if (/^0x[0-9a-f]+$/i.test(t)) v = Number.parseInt(t.slice(2), 16);
  else return null;
  return v >= -0x8000_0000 && v <= 0x7fff_ffff ? v : null;
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 16) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
