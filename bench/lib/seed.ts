import { Client } from 'pg';
import { generateCatalog, generateUsers } from '../../src/synthetic/catalog';
import type { GqlClient } from './gql';

const UPSERT_PRODUCTS = `mutation Seed($inputs: [ProductInput!]!) { upsertProducts(inputs: $inputs) { id } }`;
const API_BATCH = 1000; // the API's default MAX_BATCH_SIZE

export interface Catalog {
  productIds: string[];
  userIds: string[];
}

export async function connectPg(databaseUrl: string): Promise<Client> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  return pg;
}

export async function countRows(pg: Client, table: string): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(rows[0].n);
}

/** Products through the upsertProducts mutation, users straight into SQL (the API has no bulk createUser). */
export async function seedCatalog(gql: GqlClient, pg: Client, o: { products: number; users: number; seed?: number }): Promise<Catalog> {
  const seed = o.seed ?? 42;
  const products = generateCatalog({ products: o.products, seed });
  const productIds: string[] = [];
  for (let i = 0; i < products.length; i += API_BATCH) {
    const data = await gql.ok<{ upsertProducts: Array<{ id: string }> }>(UPSERT_PRODUCTS, { inputs: products.slice(i, i + API_BATCH) });
    productIds.push(...data.upsertProducts.map((p) => p.id));
  }
  const { rows } = await pg.query<{ id: string }>(
    `insert into app_user (email, name) select x.email, x.name from jsonb_to_recordset($1::jsonb) as x(email text, name text)
     returning id::text as id`,
    [JSON.stringify(generateUsers({ users: o.users, seed }))],
  );
  return { productIds, userIds: rows.map((r) => r.id) };
}

/**
 * `count` interactions in one INSERT ... SELECT over generate_series: random seeded users and products,
 * 70% VIEW / 15% ADD_TO_CART / 10% PURCHASE / 5% RATE (with a 1-5 rating), created_at uniform over the
 * last `days` days, a unique event_id and a session id shared by ~10 consecutive events.
 */
export async function seedInteractions(pg: Client, count: number, days: number): Promise<void> {
  await pg.query(
    `with p as (select array_agg(id) as a from product), u as (select array_agg(id) as a from app_user)
     insert into interaction (event_id, user_id, product_id, type, rating, session_id, time_spent_seconds, created_at)
     select 'seed-' || g, u.a[1 + floor(r1 * cardinality(u.a))::int], p.a[1 + floor(r2 * cardinality(p.a))::int],
            case when r3 < 0.70 then 'VIEW' when r3 < 0.85 then 'ADD_TO_CART' when r3 < 0.95 then 'PURCHASE' else 'RATE' end::interaction_type,
            case when r3 >= 0.95 then 1 + floor(r4 * 5)::int end,
            'sess-' || (g / 10), floor(r4 * 300)::int, now() - r5 * ($2::int * interval '1 day')
     from (select g, random() r1, random() r2, random() r3, random() r4, random() r5 from generate_series(1, $1::int) g) s, p, u`,
    [count, days],
  );
  await pg.query('vacuum analyze interaction');
}
