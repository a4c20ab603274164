import { bigintArray, query, type SqlClient } from '../../platform/sql';

// The product-stats SQL, once: rating average and count from reviews, and the interaction count, for a
// set of products at a time (the catalog's DataLoader, the training export). Raw: it aggregates two
// large tables in one statement, which the ORM has no form for.

export interface ProductStats {
  avgRating: number | null;
  reviewCount: number;
  interactionCount: number;
}

/** The stats columns, named as ProductStats; for a select over the joins of statsJoins. */
export const PRODUCT_STATS_COLUMNS = `r.avg as "avgRating", coalesce(r.cnt, 0)::int as "reviewCount", coalesce(i.cnt, 0)::int as "interactionCount"`;

/**
 * The joins that give PRODUCT_STATS_COLUMNS for the products of a CTE named `page` (with an `id`),
 * selected as `alias`. With a window, only its interactions count and the joins take two parameters
 * (maxId, since), in that order.
 */
export function statsJoins(alias: string, window: boolean): string {
  return `left join (select product_id, avg(rating)::float8 as avg, count(*) as cnt from review
              where product_id in (select id from page) group by product_id) r on r.product_id = ${alias}.id
     left join (select product_id, count(*) as cnt from interaction
              where ${window ? 'id <= ? and created_at >= ? and ' : ''}product_id in (select id from page) group by product_id) i
       on i.product_id = ${alias}.id`;
}

/** Stats of every product in `ids` (all time), by id; a product without reviews or interactions has zeros. */
export async function readProductStats(db: SqlClient, ids: readonly string[]): Promise<Map<string, ProductStats>> {
  const rows = await query<ProductStats & { id: string }>(
    db,
    `with page as (select unnest(?::bigint[]) as id)
     select page.id::text as "id", ${PRODUCT_STATS_COLUMNS} from page ${statsJoins('page', false)}`,
    [bigintArray(ids)],
  );
  return new Map(rows.map(({ id, ...stats }) => [id, stats]));
}
