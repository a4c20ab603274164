import { LRUCache } from 'lru-cache';
import type { Product } from './types';

/**
 * Products by id, shared by every request of this process. A recommendation list names up to 100
 * products, and reading them from PostgreSQL on every request cost more API CPU than the recommending.
 * Two kinds of entry: the served model's products (ResidentProducts), kept in a plain Map without
 * expiry while the product-change listener is connected, since every write anywhere then reaches this
 * cache; and products read on demand, in an LRU where they expire after `ttlMs`. At most `max` of
 * each: ResidentProducts keeps no more than `max`.
 * ttlMs 0 turns the cache off.
 */
export class ProductCache {
  // A Map, not the LRU: its lookups were 0.46 us each (ten a list) against a Map's tens of ns, and
  // these entries are bounded by `retain`, not by recency.
  private readonly resident = new Map<string, Product>();
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

  /** The served model's products kept, and products read on demand. */
  get sizes(): { servedModel: number; onDemand: number } {
    return { servedModel: this.resident.size, onDemand: this.lru?.size ?? 0 };
  }

  /** Take it before reading products from the database, and give it to set/keep with what was read. */
  get stamp(): number {
    return this.invalidations;
  }

  get(id: string): Product | undefined {
    return this.resident.get(id) ?? this.lru?.get(id);
  }

  has(id: string): boolean {
    return this.resident.has(id) || (this.lru?.has(id) ?? false);
  }

  /** Products read on demand (at `stamp`), kept until ttlMs passes; nothing when a write came in between. */
  set(products: readonly Product[], stamp = this.invalidations): void {
    if (stamp !== this.invalidations || !this.lru) return;
    for (const p of products) if (!this.resident.has(p.id)) this.lru.set(p.id, p);
  }

  /** Like set, without expiry: only for products whose changes are sure to be heard. */
  keep(products: readonly Product[], stamp: number): void {
    if (stamp !== this.invalidations || !this.lru) return;
    for (const p of products) {
      this.resident.set(p.id, p);
      this.lru.delete(p.id);
    }
  }

  /** Drops kept products that are not in `ids` (the products of a model no longer served). */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.resident.keys()) if (!ids.has(id)) this.resident.delete(id);
  }

  /** Drops the given products, or all of them. */
  invalidate(ids: readonly string[] | 'all'): void {
    this.invalidations++;
    if (ids === 'all') {
      this.resident.clear();
      this.lru?.clear();
    } else {
      for (const id of ids) {
        this.resident.delete(id);
        this.lru?.delete(id);
      }
    }
  }
}
