import { LRUCache } from 'lru-cache';
import type { Product } from './types';

/**
 * Products by id, shared by every request of this process. A recommendation list names up to 100
 * products, and reading them from PostgreSQL on every request cost more API CPU than the recommending.
 * Products written through this process are refreshed at once; every process drops the products that
 * any process changed when it hears PRODUCTS_CHANGED_CHANNEL (see ProductChanges); `ttlMs` only bounds
 * staleness while that notification cannot arrive. ttlMs 0 turns the cache off.
 */
export class ProductCache {
  // lru-cache: a bounded map with per-entry expiry, the well-kept standard for this.
  private readonly lru?: LRUCache<string, Product>;

  constructor(max: number, ttlMs: number) {
    if (ttlMs > 0) this.lru = new LRUCache<string, Product>({ max, ttl: ttlMs });
  }

  get(id: string): Product | undefined {
    return this.lru?.get(id);
  }

  set(products: readonly Product[]): void {
    for (const p of products) this.lru?.set(p.id, p);
  }

  /** Drops the given products, or all of them. */
  invalidate(ids: readonly string[] | 'all'): void {
    if (ids === 'all') this.lru?.clear();
    else for (const id of ids) this.lru?.delete(id);
  }
}
