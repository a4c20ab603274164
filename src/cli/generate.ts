import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { notifyAllProductsChanged } from '../features/catalog';
import { insertInteractions, InteractionType, type InteractionRow } from '../features/telemetry';
import type { InteractionKind } from '../recommender';
import { loadConfig } from '../platform/config';
import { initOrm, migrate } from '../platform/db/orm';
import { entities } from '../app/entities';
import { generateCatalog, generateInteractions, generateUsers, Random } from '../synthetic';
import { cumulative, subSeed } from '../synthetic/random';
import { DAY_MS } from '../recommender/time';
import { parseGenerateArgs, USAGE, type GenerateArgs } from './generate/args';
import { generateCsv } from './generate/csv';
import { insertUsers, upsertCategories, upsertProducts, upsertReviews, type ReviewRow } from './generate/bulk';

// Fills a database with seeded synthetic shop data: catalogue and users upserted (so the same seed
// twice gives the same rows), interactions appended, a review for every rated (user, product).
// Everything is written in one transaction: a failed run leaves nothing half-loaded.

export interface GenerateOptions extends GenerateArgs {
  databaseUrl: string;
  /** End of the interaction window (default: now). */
  now?: Date | number;
  onProgress?: (line: string) => void;
}

export interface GenerateResult {
  products: number;
  users: number;
  interactions: number;
  reviews: number;
  seconds: number;
  rowsPerSecond: number;
}

const CATALOG_BATCH = 5_000;
const INTERACTION_BATCH = 10_000;
/** Stream for the extra reviews of --reviews; the generator uses streams 1-3. */
const TOP_UP_STREAM = 4;
// Stars of the extra reviews: skewed high, like the generator's RATE events.
const STARS = [5, 4, 3, 2, 1];
const STARS_CDF = cumulative([0.5, 0.3, 0.12, 0.05, 0.03]);

export async function generate(o: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const log = o.onProgress ?? (() => undefined);
  const now = o.now === undefined ? Date.now() : new Date(o.now).getTime();
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);

  const orm = await initOrm({ entities, databaseUrl: o.databaseUrl });
  try {
    const applied = await migrate(orm, o.databaseUrl);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  } finally {
    await orm.close();
  }

  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  let interactions = 0;
  let reviews: ReviewRow[];
  try {
    await db.query('begin');

    const catalog = generateCatalog({ products: o.products, seed: o.seed });
    const categoryIds = await upsertCategories(db, [...new Set(catalog.map((p) => p.category))]);
    const productIds: string[] = [];
    for (let i = 0; i < catalog.length; i += CATALOG_BATCH) {
      productIds.push(...(await upsertProducts(db, catalog.slice(i, i + CATALOG_BATCH), categoryIds)));
    }
    await notifyAllProductsChanged(db); // delivered on commit: running API processes drop cached products
    log(`products: ${productIds.length} in ${categoryIds.size} categories (${elapsed()} s)`);

    const users = generateUsers({ users: o.users, seed: o.seed });
    const userIds: string[] = [];
    for (let i = 0; i < users.length; i += CATALOG_BATCH) {
      userIds.push(...(await insertUsers(db, users.slice(i, i + CATALOG_BATCH))));
    }
    log(`users: ${userIds.length} (${elapsed()} s)`);

    // Generating a batch (CPU in this process) overlaps with inserting the previous one (in PostgreSQL):
    // at most one insert is in flight, so memory stays at two batches.
    let batch: InteractionRow[] = [];
    let inFlight: Promise<void> | undefined;
    let lastLog = performance.now();
    const flush = async () => {
      await inFlight;
      if (batch.length === 0) return;
      inFlight = insertInteractions(db, batch, { returning: false });
      inFlight.catch(() => undefined); // awaited at the next flush; this only avoids an unhandled-rejection crash meanwhile
      interactions += batch.length;
      batch = [];
      if (performance.now() - lastLog > 1000) {
        lastLog = performance.now();
        log(`interactions: ${interactions}/${o.interactions} (${elapsed()} s)`);
      }
    };

    // A RATE event implies a review of that (user, product); the latest rating wins, as with addReview.
    const rated = new Map<number, ReviewRow>();
    const purchased = new Map<number, number>(); // pair -> time of its first purchase, for --reviews
    const pair = (user: number, product: number) => user * catalog.length + product;
    for (const e of generateInteractions({ products: catalog, users: o.users, interactions: o.interactions, days: o.days, seed: o.seed, now })) {
      const userId = userIds[e.userIndex];
      const productId = productIds[e.productIndex];
      const at = e.occurredAt.getTime();
      batch.push(interactionRow(userId, productId, e.type, e.rating, e.sessionId, e.timeSpentSeconds, at));
      const key = pair(e.userIndex, e.productIndex);
      if (e.type === 'RATE' && e.rating !== null) {
        const previous = rated.get(key);
        if (previous === undefined || previous.at <= at) rated.set(key, { userId, productId, rating: e.rating, at });
      } else if (e.type === 'PURCHASE' && o.reviews !== undefined && !purchased.has(key)) {
        purchased.set(key, at);
      }
      if (batch.length >= INTERACTION_BATCH) await flush();
    }

    if (o.reviews !== undefined && o.reviews > rated.size) {
      const extra = topUpReviews(o, now, rated, purchased, userIds, productIds);
      for (const r of extra) {
        batch.push(interactionRow(r.userId, r.productId, 'RATE', r.rating, null, 0, r.at));
        if (batch.length >= INTERACTION_BATCH) await flush();
      }
      log(`reviews: ${extra.length} added for --reviews ${o.reviews}, each with its RATE interaction`);
    }
    await flush();
    await inFlight;
    log(`interactions: ${interactions} (${elapsed()} s)`);

    reviews = [...rated.values()];
    for (let i = 0; i < reviews.length; i += INTERACTION_BATCH) await upsertReviews(db, reviews.slice(i, i + INTERACTION_BATCH));
    log(`reviews: ${reviews.length} (${elapsed()} s)`);

    await db.query('commit');
    // Fresh statistics, so the first queries after a big load get sensible plans.
    await db.query('analyze category, product, app_user, interaction, review');
  } catch (e) {
    await db.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }

  const seconds = (performance.now() - started) / 1000;
  const rows = o.products + o.users + interactions + reviews.length;
  return {
    products: o.products,
    users: o.users,
    interactions,
    reviews: reviews.length,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
  };
}

/** A generated event as the API would store it (no eventId: generated telemetry has no client retries to dedupe). */
function interactionRow(
  userId: string,
  productId: string,
  kind: InteractionKind,
  rating: number | null,
  sessionId: string | null,
  timeSpentSeconds: number,
  at: number,
): InteractionRow {
  return {
    event_id: null,
    user_id: userId,
    anonymous_id: null,
    product_id: productId,
    type: InteractionType[kind],
    rating,
    session_id: sessionId,
    time_spent_seconds: timeSpentSeconds,
    created_at: new Date(at).toISOString(),
  };
}

/**
 * Adds reviews to `rated` until it holds `o.reviews` (or every (user, product) pair has one): first for
 * purchases without a rating, rated 1-20 days after the purchase, then for random pairs in the window.
 * Seeded, so the same arguments give the same extra reviews. Returns the ones added.
 */
function topUpReviews(
  o: GenerateOptions,
  now: number,
  rated: Map<number, ReviewRow>,
  purchased: Map<number, number>,
  userIds: string[],
  productIds: string[],
): ReviewRow[] {
  const rng = new Random(subSeed(o.seed, TOP_UP_STREAM));
  const target = Math.min(o.reviews!, userIds.length * productIds.length);
  const added: ReviewRow[] = [];
  const add = (key: number, at: number) => {
    const row = {
      userId: userIds[Math.floor(key / productIds.length)],
      productId: productIds[key % productIds.length],
      rating: STARS[rng.fromCumulative(STARS_CDF)],
      at: Math.min(now, Math.round(at)),
    };
    rated.set(key, row);
    added.push(row);
  };
  for (const key of rng.shuffle([...purchased.keys()])) {
    if (rated.size >= target) return added;
    if (!rated.has(key)) add(key, purchased.get(key)! + (1 + rng.next() * 19) * DAY_MS);
  }
  while (rated.size < target) {
    const key = rng.int(userIds.length) * productIds.length + rng.int(productIds.length);
    if (!rated.has(key)) add(key, now - rng.next() * o.days * DAY_MS);
  }
  return added;
}

async function main() {
  let args: ReturnType<typeof parseGenerateArgs>;
  try {
    args = parseGenerateArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(1);
  }
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  if (args.out !== undefined) {
    console.log(JSON.stringify(generateCsv({ ...args, out: args.out })));
    return;
  }
  const config = loadConfig();
  // Progress on stderr, so stdout carries only the final JSON line.
  const result = await generate({ ...args, databaseUrl: config.databaseUrl, onProgress: (line) => console.error(`[generate] ${line}`) });
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
