/** The browser preview saves by downloading what its server offers at a path on the page's own origin. */
export function downloadFromBackend(path: string, name: string): void {
  const a = document.createElement('a');
  a.href = new URL(path, window.location.href).href;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
