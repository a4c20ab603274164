import { Client } from 'pg';
import type { Logger } from '../logger';

export interface PgListenerOptions {
  databaseUrl: string;
  channel: string;
  onNotify: (payload: string) => void;
  /** When the connection is lost (or the first one fails): from now on notifications may be missed. */
  onLost?: () => void;
  /** After the connection was lost and came back: notifications in between may be missed. */
  onReconnect?: () => void;
  log: Logger;
  retryMs?: number;
}

/** A PostgreSQL LISTEN on its own connection, re-established (every retryMs) whenever it is lost. */
export class PgListener {
  private client?: Client;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private lost = false;

  constructor(private readonly options: PgListenerOptions) {}

  async start(): Promise<void> {
    if (this.stopped) return;
    const { databaseUrl, channel, onNotify, log } = this.options;
    const client = new Client({ connectionString: databaseUrl });
    this.client = client;
    const retry = (e: Error) => {
      if (this.stopped || this.client !== client) return;
      log.warn({ err: e.message, channel }, 'notification listener lost; reconnecting');
      this.client = undefined;
      if (!this.lost) this.options.onLost?.();
      this.lost = true;
      client.end().catch(() => undefined);
      this.retryTimer = setTimeout(() => void this.start(), this.options.retryMs ?? 1000);
    };
    client.on('error', retry);
    client.on('notification', (n) => onNotify(n.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      if (this.lost) {
        this.lost = false;
        this.options.onReconnect?.();
      }
    } catch (e) {
      retry(e as Error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
  }
}
