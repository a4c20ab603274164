import type { ClientBase } from 'pg';
import type { SyntheticProduct, SyntheticUser } from '../../synthetic';

// Bulk writes of the catalogue, users and reviews for the synthetic-data generator (interactions go
// through telemetry's insertInteractions, the one writer of that table). Each statement takes one array
// parameter per column and expands them with unnest(): one round trip and one INSERT per batch of
// thousands of rows, and no per-row SQL text to build or parse. The caller owns the transaction.

/** Upserts categories by name; returns name -> id. */
export async function upsertCategories(db: ClientBase, names: string[]): Promise<Map<string, string>> {
  await db.query(`insert into category (name) select unnest($1::text[]) on conflict (name) do nothing`, [names]);
  const { rows } = await db.query<{ id: string; name: string }>(
    `select id::text as id, name from category where name = any($1::text[])`,
    [names],
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}

/**
 * Upserts products by sku and returns their ids in input order. A row whose columns all match is left
 * untouched (same updated_at), so loading the same catalogue twice changes nothing.
 * The final select sees the table as it was before the statement (existing rows) and takes the rows
 * written by this statement from the CTE.
 */
export async function upsertProducts(db: ClientBase, products: SyntheticProduct[], categoryIds: Map<string, string>): Promise<string[]> {
  const col = <K extends keyof SyntheticProduct>(k: K) => products.map((p) => p[k]);
  const { rows } = await db.query<{ id: string }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::numeric[], $6::text[], $7::text[], $8::text[], $9::text[])
         with ordinality as x(sku, name, description, category_id, price, gender, color, material, size, ord)
     ), written as (
       insert into product (sku, name, description, category_id, price, gender, color, material, size)
       select sku, name, description, category_id, price, gender, color, material, size from input order by ord
       on conflict (sku) do update set name = excluded.name, description = excluded.description,
         category_id = excluded.category_id, price = excluded.price, gender = excluded.gender, color = excluded.color,
         material = excluded.material, size = excluded.size, updated_at = now()
       where (product.name, product.description, product.category_id, product.price, product.gender, product.color, product.material, product.size)
         is distinct from (excluded.name, excluded.description, excluded.category_id, excluded.price, excluded.gender, excluded.color, excluded.material, excluded.size)
       returning id, sku
     )
     select coalesce(w.id, p.id)::text as id
     from input i left join written w on w.sku = i.sku left join product p on p.sku = i.sku
     order by i.ord`,
    [
      col('sku'),
      col('name'),
      col('description'),
      products.map((p) => categoryIds.get(p.category)),
      col('price'),
      col('gender'),
      col('color'),
      col('material'),
      col('size'),
    ],
  );
  return rows.map((r) => r.id);
}

/** Inserts users whose e-mail is new (existing ones are kept as they are); returns ids in input order. */
export async function insertUsers(db: ClientBase, users: SyntheticUser[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `with input as (
       select * from unnest($1::text[], $2::text[]) with ordinality as x(email, name, ord)
     ), written as (
       insert into app_user (email, name) select email, name from input order by ord
       on conflict (email) do nothing
       returning id, email
     )
     select coalesce(w.id, u.id)::text as id
     from input i left join written w on w.email = i.email left join app_user u on u.email = i.email
     order by i.ord`,
    [users.map((u) => u.email), users.map((u) => u.name)],
  );
  return rows.map((r) => r.id);
}

export interface ReviewRow {
  userId: string;
  productId: string;
  rating: number;
  /** Epoch milliseconds of the rating. */
  at: number;
}

/** Upserts reviews on (user, product): a later rating replaces the earlier one, as addReview does. */
export async function upsertReviews(db: ClientBase, reviews: ReviewRow[]): Promise<void> {
  await db.query(
    `insert into review (user_id, product_id, rating, created_at, updated_at)
     select u, p, r, to_timestamp(at / 1000.0), to_timestamp(at / 1000.0)
     from unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::float8[]) as x(u, p, r, at)
     on conflict (user_id, product_id) do update set rating = excluded.rating, updated_at = excluded.updated_at`,
    [reviews.map((r) => r.userId), reviews.map((r) => r.productId), reviews.map((r) => r.rating), reviews.map((r) => r.at)],
  );
}
