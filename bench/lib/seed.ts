import 'reflect-metadata'; // the telemetry module below loads decorated entities
import { Client } from 'pg';
import { insertUsers } from '../../src/cli/generate/bulk';
import { insertInteractions, InteractionType, type InteractionRow } from '../../src/features/telemetry';
import { DAY_MS } from '../../src/recommender/time';
import { generateCatalog, generateUsers } from '../../src/synthetic/catalog';
import { Random } from '../../src/synthetic/random';
import type { GqlClient } from './gql';

const UPSERT_PRODUCTS = `mutation Seed($inputs: [ProductInput!]!) { upsertProducts(inputs: $inputs) { id } }`;
const API_BATCH = 1000; // the API's default MAX_BATCH_SIZE
/** Interactions per INSERT when seeding. */
const SEED_BATCH = 10_000;

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

/** Products through the upsertProducts mutation, users with the generator's bulk insert (the API has no bulk createUser). */
export async function seedCatalog(gql: GqlClient, pg: Client, o: { products: number; users: number; seed?: number }): Promise<Catalog> {
  const seed = o.seed ?? 42;
  const products = generateCatalog({ products: o.products, seed });
  const productIds: string[] = [];
  for (let i = 0; i < products.length; i += API_BATCH) {
    const data = await gql.ok<{ upsertProducts: Array<{ id: string }> }>(UPSERT_PRODUCTS, { inputs: products.slice(i, i + API_BATCH) });
    productIds.push(...data.upsertProducts.map((p) => p.id));
  }
  const userIds = await insertUsers(pg, generateUsers({ users: o.users, seed }));
  return { productIds, userIds };
}

/**
 * `count` interactions through the API's own insert, in batches: seeded random users and products,
 * 70% VIEW / 15% ADD_TO_CART / 10% PURCHASE / 5% RATE (with a 1-5 rating), created_at uniform over the
 * last `days` days, a unique event_id and a session id shared by ~10 consecutive events.
 */
export async function seedInteractions(pg: Client, count: number, days: number, seed = 42): Promise<void> {
  const ids = async (table: string) => (await pg.query<{ id: string }>(`select id::text as id from ${table}`)).rows.map((r) => r.id);
  const [productIds, userIds] = [await ids('product'), await ids('app_user')];
  const rng = new Random(seed);
  const now = Date.now();
  for (let start = 1; start <= count; start += SEED_BATCH) {
    const rows: InteractionRow[] = [];
    for (let g = start; g < Math.min(start + SEED_BATCH, count + 1); g++) {
      const kind = rng.next();
      const type = kind < 0.7 ? InteractionType.VIEW : kind < 0.85 ? InteractionType.ADD_TO_CART : kind < 0.95 ? InteractionType.PURCHASE : InteractionType.RATE;
      rows.push({
        event_id: `seed-${g}`,
        user_id: rng.pick(userIds),
        anonymous_id: null,
        product_id: rng.pick(productIds),
        type,
        rating: type === InteractionType.RATE ? 1 + rng.int(5) : null,
        session_id: `sess-${Math.floor(g / 10)}`,
        time_spent_seconds: rng.int(300),
        created_at: new Date(now - rng.next() * days * DAY_MS).toISOString(),
      });
    }
    await insertInteractions(pg, rows, { returning: false });
  }
  await pg.query('vacuum analyze interaction');
}
