import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductCache } from './product-cache';
import { productsByIds } from './product.table';
import { readProductStats, type ProductStats } from './product-stats';
import type { Product } from './types';

const NO_STATS: ProductStats = { avgRating: null, reviewCount: 0, interactionCount: 0 };

// DataLoader: one query per request for all the products a response mentions (those not cached), instead of N+1.
// `em`: the request's EntityManager, made on first use.
export function createCatalogLoaders(em: () => EntityManager, cache: ProductCache) {
  return {
    product: new DataLoader<string, Product | null>(async (ids) => {
      const cached = ids.map((id) => cache.get(id));
      const missing = ids.filter((_, i) => cached[i] === undefined);
      const byId = new Map<string, Product>();
      if (missing.length > 0) {
        const stamp = cache.stamp;
        const rows = await productsByIds(em(), missing);
        cache.set(rows, stamp);
        for (const r of rows) byId.set(r.id, r);
      }
      return ids.map((id, i) => cached[i] ?? byId.get(id) ?? null);
    }),
    productStats: new DataLoader<string, ProductStats>(async (ids) => {
      const stats = await readProductStats(em(), ids);
      return ids.map((id) => stats.get(id) ?? NO_STATS);
    }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
