import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { bearer } from './graphql-http';

/** A graphql-ws client (Node 20 has no global WebSocket) that connects on first use and never retries. */
export function wsClient(url: string, token: string | null | undefined): Client {
  return createClient({ url, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: bearer(token) });
}
