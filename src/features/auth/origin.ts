import type { IncomingMessage } from 'node:http';

/**
 * Whether a WebSocket upgrade may proceed, by its Origin: browsers always send one, so cross-site
 * WebSocket hijacking is stopped by allowing only CORS_ORIGINS and the page's own origin; clients
 * that send none (servers, CLIs) are not browsers and pass.
 */
export function webSocketOriginAllowed(req: IncomingMessage, corsOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin || corsOrigins.includes('*') || corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
