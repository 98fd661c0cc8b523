/**
 * The kernel's drop, `skb:kfree_skb`: the one event whose fields the parser keeps beyond device,
 * skbaddr and len (its reason and location), since every drop is named by them.
 */
export const DROP_EVENT = 'skb:kfree_skb';

/** Whether the ASCII bytes `[start, end)` are DROP_EVENT; most names differ in length and cost one comparison. */
export function isDropEvent(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== DROP_EVENT.length) return false;
  for (let k = 0; k < DROP_EVENT.length; k++) if (bytes[start + k] !== DROP_EVENT.charCodeAt(k)) return false;
  return true;
}
