/**
 * Finds the backend this page can talk to: Electron's preload (`window.skbscope`), or the browser
 * preview's WebSocket when the page was opened from the address `npm run web` printed. A page
 * served any other way has no backend, and gets null.
 */
import type { BackendBridge } from '../../shared/api';
import { connectWebSocketBridge } from './websocket-bridge';

declare global {
  interface Window {
    /** Set by electron/preload.ts. */
    skbscope?: BackendBridge;
  }
}

let connected: BackendBridge | null | undefined;

export function connectBackend(): BackendBridge | null {
  // One bridge per page: React's StrictMode runs effects twice, and each call would open a socket.
  if (connected === undefined) {
    const socketUrl = previewSocketUrl(window.location);
    connected = window.skbscope ?? (socketUrl ? connectWebSocketBridge(socketUrl) : null);
  }
  return connected;
}

/** The preview server's WebSocket address for a page it served, or null for any other page. */
export function previewSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (location.protocol !== 'http:' || !token || !/^[0-9a-f]+$/.test(token)) return null;
  return `ws://${location.host}/ws?token=${token}`;
}
