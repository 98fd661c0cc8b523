/**
 * Whether the page may share memory with its workers: only when cross-origin isolated, which the
 * app:// protocol and the preview server both ask for with their COOP and COEP headers.
 */
export function canShareMemory(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}
