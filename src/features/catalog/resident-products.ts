import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../platform/logger';
import type { ProductCache } from './product-cache';
import type { Product } from './types';
import { productsByIds } from './product.table';

/** Products read in one statement while filling the cache. */
const PAGE = 1000;

/**
 * Keeps the served model's products in the product cache, so a recommendation list is answered from
 * memory: filled in pages when a model version is served, and each changed product read again when
 * PostgreSQL says it changed (so the next answer shows the change). Work runs one step at a time, in
 * the background, never on a request.
 *
 * Without expiry only while the change listener is connected; while it is not (a change could be
 * missed), everything is dropped and products are cached on demand with the cache's TTL, and on
 * reconnection the whole set is read again.
 */
export class ResidentProducts {
  private wanted: readonly string[] = [];
  private wantedSet: ReadonlySet<string> = new Set();
  private live = true;
  private stopped = false;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly em: () => EntityManager,
    private readonly cache: ProductCache,
    private readonly log: Logger,
  ) {}

  /** The model's products, most important first; beyond the cache's size the rest are read on demand. */
  serve(ids: readonly string[]): Promise<void> {
    if (!this.cache.enabled) return this.work;
    this.wanted = ids.slice(0, this.cache.max);
    this.wantedSet = new Set(this.wanted);
    // Fills still queued keep only what is wanted now (see fill), so the previous model's go at once.
    this.cache.retain(this.wantedSet);
    return this.then(() => this.fill(this.wanted, 'served model'));
  }

  /** Products changed somewhere ('*': any may have). */
  changed(ids: readonly string[] | '*'): Promise<void> {
    if (ids === '*') {
      this.cache.invalidate('all');
      return this.then(() => this.fill(this.wanted, 'all products changed'));
    }
    const reload = ids.filter((id) => this.wantedSet.has(id) || this.cache.has(id));
    this.cache.invalidate(ids);
    return this.then(() => this.fill(reload));
  }

  /** The change listener lost its connection: nothing may be trusted without expiry now. */
  lost(): void {
    this.live = false;
    this.cache.invalidate('all');
  }

  /** And got it back: changes in between are unknown, so everything is read again. */
  reconnected(): Promise<void> {
    this.live = true;
    return this.changed('*');
  }

  /** Ends the fill under way after its current page (before the database connections close). */
  stop(): Promise<void> {
    this.stopped = true;
    return this.work;
  }

  private then(step: () => Promise<void>): Promise<void> {
    this.work = this.work.then(step).catch((e: Error) => {
      this.log.warn({ err: e.message }, 'filling the product cache failed; those products are read on demand');
    });
    return this.work;
  }

  /** Reads `ids` in pages; a page that a change overtook is read again. `why`: log the fill. */
  private async fill(ids: readonly string[], why?: string): Promise<void> {
    const started = Date.now();
    const em = this.em();
    for (let i = 0; i < ids.length && !this.stopped; ) {
      const page = ids.slice(i, i + PAGE);
      const stamp = this.cache.stamp;
      const products = await productsByIds(em, page);
      if (stamp !== this.cache.stamp) continue;
      // Only the served model's products are kept; others changed while cached go back on demand.
      const kept = (p: Product) => this.live && this.wantedSet.has(p.id);
      this.cache.keep(products.filter(kept), stamp);
      this.cache.set(products.filter((p) => !kept(p)), stamp);
      i += PAGE;
    }
    if (why && !this.stopped) this.log.info({ products: ids.length, ms: Date.now() - started, why }, 'product cache filled');
  }
}
