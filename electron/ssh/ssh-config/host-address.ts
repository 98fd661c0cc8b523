/**
 * The host name ssh connects to and records in known_hosts: a name is lowercased, an address is
 * written the way the C library prints it (`127.1` becomes 127.0.0.1), as ssh's is_addr() and
 * resolve_canonicalize() leave it.
 */
import { isIPv6 } from 'node:net';
import { asciiLowercase } from './config-line';

export function canonicalHost(host: string): string {
  // An address with a scope (`fe80::1%eth0`) is passed on untouched.
  if (host.includes('%')) return host;
  const ipv4 = parseInetAton(host);
  if (ipv4 !== null) return ipv4;
  if (isIPv6(host)) {
    const canonical = formatIpv6(host);
    // ssh keeps the address as typed when it differs from the printed form only in case.
    return canonical.toLowerCase() === host.toLowerCase() ? host : canonical;
  }
  // A name with `:`, or of digits and dots only, is taken as an address and left as typed.
  if (host.includes(':') || /^[0-9.]*$/.test(host)) return host;
  return asciiLowercase(host);
}

/** The dotted quad for an address in any form inet_aton(3) takes (`127.1`, `0x7f.0.0.1`, `010.0.0.1`), or null. */
function parseInetAton(text: string): string | null {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((part) => part === '')) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9][0-9]*$/.test(part)) value = parseInt(part, 10);
    else return null;
    values.push(value);
  }
  const last = values.pop() ?? 0;
  if (values.some((value) => value > 255) || last >= 2 ** (8 * (4 - values.length))) return null;
  let address = last;
  values.forEach((value, i) => {
    address += value * 2 ** (8 * (3 - i));
  });
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** An IPv6 address as inet_ntop(3) prints it: lowercase, the longest run of zero groups as `::`. */
function formatIpv6(text: string): string {
  const words = ipv6Words(text);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && words[end] === 0) end++;
    if (end - i > bestLength) [bestStart, bestLength] = [i, end - i];
    i = end;
  }
  if (bestLength < 2) bestStart = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestStart >= 0 && i >= bestStart && i < bestStart + bestLength) {
      if (i === bestStart) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    const word = words[i] ?? 0;
    if (i === 6 && bestStart === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff))) {
      const low = words[7] ?? 0;
      out += `${word >> 8}.${word & 255}.${low >> 8}.${low & 255}`;
      return out;
    }
    out += word.toString(16);
  }
  if (bestStart >= 0 && bestStart + bestLength === 8) out += ':';
  return out;
}

function ipv6Words(text: string): number[] {
  let groups = text;
  const tail: number[] = [];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4 !== null) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    groups = text.slice(0, v4.index);
    if (!groups.endsWith('::')) groups = groups.slice(0, -1);
  }
  const [head = '', rest] = groups.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = rest === undefined ? [] : parse(rest);
  const zeros = 8 - tail.length - front.length - back.length;
  return [...front, ...Array<number>(Math.max(zeros, 0)).fill(0), ...back, ...tail];
}
