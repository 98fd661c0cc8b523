/**
 * Why the kernel freed a packet. `skb:kfree_skb` carries `enum skb_drop_reason`, a number whose
 * names change between kernels, so the table is read from the target's own tracepoint format
 * (`__print_symbolic(REC->reason, { 2, "NOT_SPECIFIED" }, …)`) and kept in the trace's header.
 * perf script prints the name itself (`reason: NO_SOCKET`).
 */

/** The header key a capture stores the table under: `# skb drop reasons : 2=NOT_SPECIFIED,3=NO_SOCKET,…`. */
export const DROP_REASONS_KEY = 'skb drop reasons';

export type DropReasons = ReadonlyMap<number, string>;

/** The table from a tracepoint format file's `__print_symbolic`. */
export function reasonsFromFormat(format: string): Map<number, string> {
  const table = new Map<number, string>();
  const symbolic = /__print_symbolic\(REC->reason,(.*)\)/s.exec(format);
  if (!symbolic) return table;
  for (const m of (symbolic[1] as string).matchAll(/\{\s*(\d+)\s*,\s*"([A-Z0-9_]+)"\s*\}/g)) table.set(Number(m[1]), m[2] as string);
  return table;
}

/** The table as one header line's value, and back. */
export function reasonsToHeader(table: DropReasons): string {
  return [...table].map(([n, name]) => `${n}=${name}`).join(',');
}

export function reasonsFromHeader(value: string | undefined): Map<number, string> {
  const table = new Map<number, string>();
  for (const part of (value ?? '').split(',')) {
    const m = /^\s*(\d+)=([A-Z0-9_]+)\s*$/.exec(part);
    if (m) table.set(Number(m[1]), m[2] as string);
  }
  return table;
}

/** The reason's name where known; the number as printed otherwise. */
export function reasonName(printed: string | null, table: DropReasons): string {
  if (printed === null || printed === '') return 'unknown';
  const n = /^\d+$/.test(printed) ? Number(printed) : null;
  return n === null ? printed : (table.get(n) ?? printed);
}

/** A reason as shown: a bare number (a trace without the kernel's table) says what it is. */
export function reasonLabel(reason: string): string {
  return /^\d+$/.test(reason) ? `reason ${reason}` : reason;
}

/**
 * Frees that look like drops but are how the kernel always works: raising an alarm for them
 * would teach people to ignore the real ones.
 */
const BENIGN: readonly { reason: string; location: RegExp; why: string }[] = [
  {
    reason: 'NO_SOCKET',
    location: /^ping_rcv\b/,
    why: 'an echo reply is also offered to the raw ICMP sockets; the one ping reads is delivered, the copy no socket wanted is freed',
  },
];

/** Why a free is not a problem, or null when it may be one. `location` is the symbol, when perf printed one. */
export function benignFree(reason: string, location: string | null): string | null {
  if (location === null) return null;
  return BENIGN.find((b) => b.reason === reason && b.location.test(location))?.why ?? null;
}
