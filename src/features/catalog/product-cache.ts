import { LRUCache } from 'lru-cache';
import type { Product } from './types';

/**
 * Products by id, shared by every request of this process. A recommendation list names up to 100
 * products, and reading them from PostgreSQL on every request cost more API CPU than the recommending.
 * Two kinds of entry: products read on demand expire after `ttlMs`; the served model's products
 * (ResidentProducts) are kept without expiry while the product-change listener is connected, since
 * every write anywhere then reaches this cache. ttlMs 0 turns the cache off.
 */
export class ProductCache {
  // lru-cache: a bounded map with per-entry expiry, the well-kept standard for this.
  private readonly lru?: LRUCache<string, Product>;
  /** Bumped by every invalidation, so a read that raced a product write does not cache what it read. */
  private invalidations = 0;

  constructor(
    readonly max: number,
    ttlMs: number,
  ) {
    if (ttlMs > 0) this.lru = new LRUCache<string, Product>({ max, ttl: ttlMs });
  }

  get enabled(): boolean {
    return this.lru !== undefined;
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** Take it before reading products from the database, and give it to set/keep with what was read. */
  get stamp(): number {
    return this.invalidations;
  }

  get(id: string): Product | undefined {
    return this.lru?.get(id);
  }

  has(id: string): boolean {
    return this.lru?.has(id) ?? false;
  }

  /** Products read on demand (at `stamp`), kept until ttlMs passes; nothing when a write came in between. */
  set(products: readonly Product[], stamp = this.invalidations): void {
    if (stamp !== this.invalidations) return;
    for (const p of products) this.lru?.set(p.id, p);
  }

  /** Like set, without expiry: only for products whose changes are sure to be heard. */
  keep(products: readonly Product[], stamp: number): void {
    if (stamp !== this.invalidations) return;
    for (const p of products) this.lru?.set(p.id, p, { ttl: 0 });
  }

  /** Drops the given products, or all of them. */
  invalidate(ids: readonly string[] | 'all'): void {
    this.invalidations++;
    if (ids === 'all') this.lru?.clear();
    else for (const id of ids) this.lru?.delete(id);
  }
}
