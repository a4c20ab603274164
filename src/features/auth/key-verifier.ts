import { LRUCache } from 'lru-cache';
import { Client } from 'pg';
import type { Logger } from '../../platform/logger';
import { API_KEY_REVOKED_CHANNEL, hashSecret, type ActiveKey, type ApiKeyStore } from './api-keys';

/**
 * Checks API keys against PostgreSQL with a small per-process cache, so a request costs no query once
 * its key was seen. Revocation still takes effect at once on every replica: a revoke NOTIFYs at commit
 * and every process clears its cache when it hears it; while this process's LISTEN connection is down
 * (where a NOTIFY could be missed) the cache is bypassed and every request asks the database.
 */
export class ApiKeyVerifier {
  private readonly cache = new LRUCache<string, ActiveKey>({ max: 10_000, ttl: 5 * 60_000 });
  private listener?: Client;
  private listening = false;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  /** Bumped on every invalidation, so a lookup that raced a revocation does not re-cache the key. */
  private generation = 0;
  private readonly revocationListeners: Array<() => void> = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly store: ApiKeyStore,
    private readonly log: Logger,
  ) {}

  start(): Promise<void> {
    return this.listen();
  }

  async verify(secret: string): Promise<ActiveKey | null> {
    const hash = hashSecret(secret);
    const cached = this.listening ? this.cache.get(hash) : undefined;
    if (cached) return cached;
    const generation = this.generation;
    const key = await this.store.findActive(hash);
    if (key && this.listening && generation === this.generation) this.cache.set(hash, key);
    return key;
  }

  /** Drops every cached key (revocations are rare; this keeps the cache trivially correct). */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
    for (const listener of this.revocationListeners) listener();
  }

  /** Called after every invalidation (a key may have been revoked): open WebSockets check their key again. */
  onInvalidate(listener: () => void): void {
    this.revocationListeners.push(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl });
    const retry = () => {
      if (this.stopped || this.listener !== client) return;
      this.listening = false;
      this.invalidate();
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.reconnectTimer = setTimeout(() => void this.listen(), 1000);
    };
    this.listener = client;
    client.on('error', (e) => {
      this.log.warn({ err: e.message }, 'API key revocation listener lost; checking every key in the database until it is back');
      retry();
    });
    client.on('notification', () => this.invalidate());
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEY_REVOKED_CHANNEL}`);
      this.invalidate();
      this.listening = true;
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'API key revocation listener unavailable; retrying');
      retry();
    }
  }
}
