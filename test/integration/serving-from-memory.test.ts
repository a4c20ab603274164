import { PopularProductsDocument, RetrainModelDocument, SimilarProductsDocument, TrackInteractionsDocument, UpsertProductsDocument } from '../generated/graphql';
import { PRODUCTS, seedTrained } from './fixtures';
import { eventually, metric, TestApp } from './harness';
import { waitForJob } from './retrain-helpers';

// A warm recommendation answer comes from memory: the served model's products are in the product
// cache, filled when the model is served and refreshed when products change. The proof is the API's
// own count of statements sent to PostgreSQL (recs_db_queries_total on /metrics).

// Nothing in the background may query meanwhile: no model poll, no periodic retrain sweep.
const QUIET = { MODEL_POLL_INTERVAL_MS: '600000', RETRAIN_HEARTBEAT_MS: '600000', RETRAIN_SCHEDULE_ENABLED: 'false' };

let t: TestApp;
let replica: TestApp;
let redShirt: string;

beforeAll(async () => {
  t = await TestApp.start(QUIET);
  await t.app.models.startupChecked;
  redShirt = (await seedTrained(t)).products.shirtRed;
  // A second process on the same database: its cache starts empty, so only the fill can warm it.
  replica = await TestApp.start({ ...QUIET, DATABASE_URL: t.databaseUrl, MONGO_URL: t.mongoUrl });
}, 60_000);

afterAll(async () => {
  await replica?.close();
  await t?.close();
});

const queries = (app: TestApp) => metric(app.app.url, 'recs_db_queries_total');
const SERVED_MODEL_PRODUCTS = 'recs_product_cache_products{kind="served_model"}';
const similarNames = async (app: TestApp) =>
  (await app.ok(SimilarProductsDocument, { productId: redShirt, n: 3 })).similarProducts.map((r) => r.product.name);
const popularNames = async (app: TestApp) => (await app.ok(PopularProductsDocument, { n: 4 })).popularProducts.map((r) => r.product.name);

it("fills the cache with the served model's products, so warm similarProducts and popularProducts make no database query", async () => {
  await eventually(async () => (await metric(replica.app.url, SERVED_MODEL_PRODUCTS)) === PRODUCTS.length, 'the product cache to fill');
  const before = await queries(replica);
  for (let i = 0; i < 5; i++) {
    expect(await similarNames(replica)).toContain('Blue Cotton Shirt');
    expect(await popularNames(replica)).toContain('Red Cotton Shirt');
  }
  expect(await queries(replica)).toBe(before);
});

it('shows a product change in the next answer, here and on the other process, which reads the product again at once', async () => {
  await t.ok(UpsertProductsDocument, { inputs: [{ ...PRODUCTS[1], name: 'Navy Cotton Shirt' }] });
  expect(await similarNames(t)).toContain('Navy Cotton Shirt');

  await eventually(async () => (await similarNames(replica)).includes('Navy Cotton Shirt'), 'the other process to show the change');
  // read again on the NOTIFY, not on the next request: warm answers stay free of queries
  const before = await queries(replica);
  expect(await similarNames(replica)).toContain('Navy Cotton Shirt');
  expect(await popularNames(replica)).toContain('Navy Cotton Shirt');
  expect(await queries(replica)).toBe(before);
});

it('while its change listener is down nothing is trusted; once it is back the products are read again, changes missed meanwhile included', async () => {
  const listeners = () =>
    t.sql<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and query = 'LISTEN products_changed'`);
  expect((await listeners())[0].n).toBe(2);
  await t.sql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN products_changed'`);
  // a write that sends no NOTIFY: only the reload on reconnection can show it
  await t.sql(`update product set name = 'Teal Cotton Shirt' where sku = $1`, [PRODUCTS[1].sku]);
  await eventually(async () => (await listeners())[0].n === 2, 'both listeners to reconnect');
  await eventually(async () => (await similarNames(replica)).includes('Teal Cotton Shirt'), 'the missed change to show');
  await eventually(async () => (await metric(replica.app.url, SERVED_MODEL_PRODUCTS)) === PRODUCTS.length, 'the product cache to fill again');
  const before = await queries(replica);
  expect(await popularNames(replica)).toContain('Teal Cotton Shirt');
  expect(await queries(replica)).toBe(before);
});

it("keeps only the served model's products: a new model's most popular replace the previous one's", async () => {
  const small = await TestApp.start({ ...QUIET, PRODUCT_CACHE_MAX: '2', SCHEDULER_POLL_MS: '100' });
  try {
    await small.app.models.startupChecked;
    const { products, users } = await seedTrained(small); // red and blue shirts are the popular two
    // Kept for the served model: the upserts' own answers may sit beside them, read on demand.
    const cached = () => metric(small.app.url, SERVED_MODEL_PRODUCTS);
    await eventually(async () => (await cached()) === 2, 'the product cache to fill');
    await small.ok(TrackInteractionsDocument, {
      inputs: Object.values(users).flatMap((userId) =>
        [products.dress, products.shoe].flatMap((productId) => Array.from({ length: 3 }, () => ({ userId, productId, type: 'PURCHASE' as const }))),
      ),
    });
    const { retrainModel } = await small.ok(RetrainModelDocument, { days: 30 });
    await waitForJob(small, retrainModel.id);
    expect((await small.ok(PopularProductsDocument, { n: 2 })).popularProducts.map((r) => r.product.name).sort()).toEqual([
      'Black Silk Dress',
      'Trail Running Shoe',
    ]);
    // the shirts went when the new model was served, not left beside its products
    await eventually(async () => (await cached()) === 2, 'the previous products to go');
    const before = await queries(small);
    await small.ok(PopularProductsDocument, { n: 2 });
    expect(await queries(small)).toBe(before);
  } finally {
    await small.close();
  }
});
