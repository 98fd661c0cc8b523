/**
 * The first number the window formats for English loads that locale's data: 30 to 60 ms, which
 * fell in the first drawing of a trace (the rows panel's counts). Done at start while idle instead.
 */
export function prewarmNumberFormat(): void {
  requestIdleCallback(() => (0).toLocaleString('en'));
}
