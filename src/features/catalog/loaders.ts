import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../../platform/sql';
import type { ProductCache } from './product-cache';
import { PRODUCT_COLUMNS, PRODUCT_FROM } from './product-sql';
import type { Product } from './types';

export interface ProductStats {
  avgRating: number | null;
  reviewCount: number;
  interactionCount: number;
}

// DataLoader: one query per request for all the products a response mentions (those not cached), instead of N+1.
export function createCatalogLoaders(em: EntityManager, cache: ProductCache) {
  return {
    product: new DataLoader<string, Product | null>(async (ids) => {
      const cached = ids.map((id) => cache.get(id));
      const missing = ids.filter((_, i) => cached[i] === undefined);
      const byId = new Map<string, Product>();
      if (missing.length > 0) {
        const rows: Product[] = await em.execute(
          `select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM} where p.id = any(?::bigint[])`,
          [bigintArray(missing)],
        );
        cache.set(rows);
        for (const r of rows) byId.set(r.id, r);
      }
      return ids.map((id, i) => cached[i] ?? byId.get(id) ?? null);
    }),
    productStats: new DataLoader<string, ProductStats>(async (ids) => {
      const rows: Array<ProductStats & { id: string }> = await em.execute(
        `select ids.id::text as "id", r.avg as "avgRating", coalesce(r.cnt, 0)::int as "reviewCount",
                coalesce(i.cnt, 0)::int as "interactionCount"
         from unnest(?::bigint[]) as ids(id)
         left join lateral (select avg(rating)::float8 as avg, count(*) as cnt from review where product_id = ids.id) r on true
         left join lateral (select count(*) as cnt from interaction where product_id = ids.id) i on true`,
        [bigintArray(ids)],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? { avgRating: null, reviewCount: 0, interactionCount: 0 });
    }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
