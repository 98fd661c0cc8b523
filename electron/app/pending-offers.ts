/**
 * Files to offer the window's page (fileOffered) once it listens. A page listens from the moment it
 * says hello, so a second launch that comes while the window is still loading, or reloading, waits
 * for that rather than being sent to nobody.
 */
export class PendingOffers {
  private listening = false;
  private waiting: string[] = [];

  constructor(private readonly offer: (path: string) => void) {}

  /** Offers now if the page listens, else when it says hello. */
  add(path: string): void {
    if (this.listening) this.offer(path);
    else this.waiting.push(path);
  }

  /** The page has said hello: it listens. */
  pageListening(): void {
    this.listening = true;
    const waiting = this.waiting;
    this.waiting = [];
    for (const path of waiting) this.offer(path);
  }

  /** A new page is loading (a reload): it listens again only once it has said hello. */
  pageLoading(): void {
    this.listening = false;
  }
}
