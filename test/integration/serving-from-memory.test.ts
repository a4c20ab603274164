import {
  CreateUserDocument,
  PopularProductsDocument,
  RetrainModelDocument,
  SimilarProductsDocument,
  TrackInteractionsDocument,
  UpsertProductsDocument,
  type ProductInput,
} from '../generated/graphql';
import { eventually, metric, TestApp } from './harness';
import { waitForJob } from './retrain-helpers';

// A warm recommendation answer comes from memory: the served model's products are in the product
// cache, filled when the model is served and refreshed when products change. The proof is the API's
// own count of statements sent to PostgreSQL (recs_db_queries_total on /metrics).

const CATALOG: ProductInput[] = [
  { sku: 'M-RED', name: 'Red Cotton Shirt', category: 'Shirts', price: 20, color: 'red', material: 'cotton', gender: 'men', size: 'M' },
  { sku: 'M-BLUE', name: 'Blue Cotton Shirt', category: 'Shirts', price: 22, color: 'blue', material: 'cotton', gender: 'men', size: 'M' },
  { sku: 'M-GREEN', name: 'Green Cotton Shirt', category: 'Shirts', price: 21, color: 'green', material: 'cotton', gender: 'men', size: 'L' },
  { sku: 'W-DRESS', name: 'Black Silk Dress', category: 'Dresses', price: 90, color: 'black', material: 'silk', gender: 'women', size: 'S' },
  { sku: 'U-SHOE', name: 'Trail Running Shoe', category: 'Shoes', price: 120, color: 'grey', material: 'mesh', gender: 'unisex', size: '42' },
];
// Nothing in the background may query meanwhile: no model poll, no periodic retrain sweep.
const QUIET = { MODEL_POLL_INTERVAL_MS: '600000', RETRAIN_HEARTBEAT_MS: '600000', RETRAIN_SCHEDULE_ENABLED: 'false' };

let t: TestApp;
let replica: TestApp;
const id: Record<string, string> = {};

beforeAll(async () => {
  t = await TestApp.start(QUIET);
  await t.app.models.startupChecked;
  const { upsertProducts } = await t.ok(UpsertProductsDocument, { inputs: CATALOG });
  for (const p of upsertProducts) id[p.sku] = p.id;
  const users: string[] = [];
  for (let i = 0; i < 3; i++) users.push((await t.ok(CreateUserDocument, { input: { email: `memory${i}@example.com` } })).createUser.id);
  await t.ok(TrackInteractionsDocument, {
    inputs: users.flatMap((userId) => [
      { userId, productId: id['M-RED'], type: 'PURCHASE' as const },
      { userId, productId: id['M-BLUE'], type: 'VIEW' as const },
    ]),
  });
  const { retrainModel } = await t.ok(RetrainModelDocument, { days: 30 });
  expect((await waitForJob(t, retrainModel.id)).status).toBe('SUCCEEDED');
  // A second process on the same database: its cache starts empty, so only the fill can warm it.
  replica = await TestApp.start({ ...QUIET, DATABASE_URL: t.databaseUrl, MONGO_URL: t.mongoUrl });
}, 60_000);

afterAll(async () => {
  await replica?.close();
  await t?.close();
});

const queries = (app: TestApp) => metric(app.app.url, 'recs_db_queries_total');
const similarNames = async (app: TestApp) =>
  (await app.ok(SimilarProductsDocument, { productId: id['M-RED'], n: 4 })).similarProducts.map((r) => r.product.name);

it('fills the cache with the served model\'s products, so warm similarProducts and popularProducts make no database query', async () => {
  await eventually(async () => (await metric(replica.app.url, 'recs_product_cache_products')) === CATALOG.length, 'the product cache to fill');
  const before = await queries(replica);
  for (let i = 0; i < 5; i++) {
    expect(await similarNames(replica)).toContain('Blue Cotton Shirt');
    expect((await replica.ok(PopularProductsDocument, { n: 5 })).popularProducts.length).toBeGreaterThan(0);
  }
  expect(await queries(replica)).toBe(before);
});

it('shows a product change in the next answer, here and on the other process, which reads the product again at once', async () => {
  await t.ok(UpsertProductsDocument, { inputs: [{ ...CATALOG[1], name: 'Navy Cotton Shirt' }] });
  expect(await similarNames(t)).toContain('Navy Cotton Shirt');

  await eventually(async () => (await similarNames(replica)).includes('Navy Cotton Shirt'), 'the other process to show the change');
  // read again on the NOTIFY, not on the next request: warm answers stay free of queries
  const before = await queries(replica);
  expect(await similarNames(replica)).toContain('Navy Cotton Shirt');
  expect((await replica.ok(PopularProductsDocument, { n: 5 })).popularProducts.map((r) => r.product.name)).toContain('Navy Cotton Shirt');
  expect(await queries(replica)).toBe(before);
});
