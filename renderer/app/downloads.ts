/** Saving in the browser preview: downloads, which the browser writes where its user says. */

/** What the preview server offers at a path on the page's own origin (a saved capture). */
export function downloadFromBackend(path: string, name: string): void {
  clickDownload(new URL(path, window.location.href).href, name);
}

/** Something made in the page (an exported image, a session). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  clickDownload(url, name);
  // The click has started the download by the next task; the URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function clickDownload(href: string, name: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
