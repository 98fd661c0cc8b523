/**
 * Who may use the preview server. It listens on 127.0.0.1 only, but any local program, and any web
 * page the user visits, can still send requests there; so everything needs the random token printed
 * at start. The page's address carries it (?token=…); the page response sets it as an HttpOnly
 * cookie so the page's own asset requests pass; the WebSocket also needs this server's own Origin,
 * which a foreign page cannot fake.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Access {
  /** The Set-Cookie header for the page response. */
  readonly setCookie: string;
  /** The index page: the token must be in the address, so the page can hand it to its WebSocket. */
  allowsPage(req: IncomingMessage, url: URL): boolean;
  /** Everything else over HTTP: the token in the address or the cookie. */
  allowsAsset(req: IncomingMessage, url: URL): boolean;
  /** The WebSocket: the token (address or cookie) and an Origin of this very server. */
  allowsSocket(req: IncomingMessage, url: URL): boolean;
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function createAccess(token: string, port: number): Access {
  // Cookies are shared by every port of a host, so each server names its own.
  const cookieName = `skbscope-preview-${port}`;
  // The address printed is 127.0.0.1; localhost reaches the same server, so it is accepted too.
  // Checking Host as well keeps out pages that rebind their own DNS name to 127.0.0.1.
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const origins = hosts.map((host) => `http://${host}`);
  const expected = Buffer.from(token);
  const matches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const knownHost = (req: IncomingMessage): boolean => hosts.includes(req.headers.host ?? '');
  // A token in the address decides on its own: a wrong one is refused even with a good cookie.
  const tokenOrCookie = (req: IncomingMessage, url: URL): boolean => {
    const inAddress = url.searchParams.get('token');
    return inAddress !== null ? matches(inAddress) : matches(readCookie(req, cookieName));
  };

  return {
    setCookie: `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    allowsPage: (req, url) => knownHost(req) && matches(url.searchParams.get('token')),
    allowsAsset: (req, url) => knownHost(req) && tokenOrCookie(req, url),
    allowsSocket: (req, url) => knownHost(req) && origins.includes(req.headers.origin ?? '') && tokenOrCookie(req, url),
  };
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
