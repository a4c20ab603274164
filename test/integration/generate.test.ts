import { generate, type GenerateResult } from '../../src/cli/generate';
import { parseGenerateArgs } from '../../src/cli/generate/args';
import { generateCatalog } from '../../src/synthetic';
import { TestApp } from './harness';

const NOW = Date.UTC(2026, 5, 30);
const DAY = 86_400_000;
const SIZES = { products: 300, users: 100, interactions: 5000, days: 30, seed: 7 };

let t: TestApp;
let first: GenerateResult;
const run = (extra: { reviews?: number } = {}) => generate({ ...SIZES, ...extra, databaseUrl: t.databaseUrl, now: NOW });

// Every column of every product, ids and timestamps included, in sku order.
const productRows = () =>
  t.sql(`select p.id::text, p.sku, p.name, p.description, c.name as category, p.price::float8 as price, p.gender, p.color,
           p.material, p.size, p.created_at, p.updated_at
         from product p join category c on c.id = p.category_id order by p.sku`);

beforeAll(async () => {
  t = await TestApp.start();
  first = await run();
});
afterAll(() => t.close());

describe('generate', () => {
  it('writes the requested numbers of rows and reports them', async () => {
    expect(first).toMatchObject({ products: 300, users: 100, interactions: 5000 });
    expect(first.seconds).toBeGreaterThan(0);
    expect(first.rowsPerSecond).toBeGreaterThan(0);
    expect(await t.count('product')).toBe(300);
    expect(await t.count('app_user')).toBe(100);
    expect(await t.count('interaction')).toBe(5000);
    expect(await t.count('review')).toBe(first.reviews);
  });

  it('stores the seeded catalogue: categories and attributes as generated', async () => {
    const rows = await productRows();
    const expected = generateCatalog({ products: 300, seed: 7 });
    expect(rows.map(({ sku, name, description, category, price, gender, color, material, size }) => ({ sku, name, description, category, price, gender, color, material, size })))
      .toEqual(expected);
    expect(await t.count('category')).toBe(new Set(expected.map((p) => p.category)).size);
    expect(new Set(rows.map((r) => r.category)).size).toBeGreaterThan(10);
    expect(rows.every((r) => r.color && r.material && Number(r.price) > 0)).toBe(true);
    expect(new Set(rows.map((r) => r.gender)).size).toBeGreaterThanOrEqual(3);
  });

  it('mixes interaction types, within the window, on generated users and products', async () => {
    const byType = Object.fromEntries(
      (await t.sql<{ type: string; n: number }>(`select type, count(*)::int as n from interaction group by type`)).map((r) => [r.type, r.n]),
    );
    expect(byType.VIEW).toBeGreaterThan(byType.ADD_TO_CART);
    expect(byType.ADD_TO_CART).toBeGreaterThan(byType.PURCHASE);
    expect(byType.PURCHASE).toBeGreaterThan(byType.RATE);
    expect(byType.RATE).toBeGreaterThan(0);
    const [span] = await t.sql<{ min: Date; max: Date; sessions: number; users: number; products: number }>(
      `select min(created_at), max(created_at), count(distinct session_id)::int as sessions,
              count(distinct user_id)::int as users, count(distinct product_id)::int as products from interaction`,
    );
    expect(span.min.getTime()).toBeGreaterThanOrEqual(NOW - 30 * DAY);
    expect(span.max.getTime()).toBeLessThanOrEqual(NOW);
    expect(span.sessions).toBeGreaterThan(100);
    expect(span.users).toBeGreaterThan(50);
    expect(span.products).toBeGreaterThan(100);
  });

  it('has one review per rated (user, product), with its latest rating, 1 to 5 and skewed high', async () => {
    const [check] = await t.sql<{ rated: number; matching: number; bad: number; avg: number }>(
      `with latest as (
         select distinct on (user_id, product_id) user_id, product_id, rating from interaction
         where type = 'RATE' order by user_id, product_id, created_at desc)
       select (select count(*)::int from latest) as rated,
              (select count(*)::int from latest l join review r using (user_id, product_id) where r.rating = l.rating) as matching,
              (select count(*)::int from interaction where type = 'RATE' and rating not between 1 and 5)
                + (select count(*)::int from interaction where type <> 'RATE' and rating is not null) as bad,
              (select avg(rating)::float8 from review) as avg`,
    );
    expect(check.rated).toBe(first.reviews);
    expect(check.matching).toBe(first.reviews);
    expect(check.bad).toBe(0);
    expect(check.avg).toBeGreaterThan(3.5);
  });

  it('is idempotent for catalogue and users with the same seed; interactions are appended', async () => {
    const before = await productRows();
    const users = await t.sql(`select id, email, name, created_at from app_user order by id`);
    const again = await run();
    expect(again).toMatchObject({ products: 300, users: 100, interactions: 5000, reviews: first.reviews });
    expect(await productRows()).toEqual(before);
    expect(await t.sql(`select id, email, name, created_at from app_user order by id`)).toEqual(users);
    expect(await t.count('interaction')).toBe(10_000);
    expect(await t.count('review')).toBe(first.reviews);
  });

  it('tops reviews up to --reviews, each with a RATE interaction of the same rating', async () => {
    const target = first.reviews + 40;
    const result = await run({ reviews: target });
    expect(result.reviews).toBe(target);
    expect(result.interactions).toBe(5000 + 40);
    expect(await t.count('review')).toBe(target);
    const [orphans] = await t.sql<{ n: number }>(
      `select count(*)::int as n from review r where not exists (
         select 1 from interaction i where i.type = 'RATE' and i.user_id = r.user_id and i.product_id = r.product_id and i.rating = r.rating)`,
    );
    expect(orphans.n).toBe(0);
  });
});

describe('parseGenerateArgs', () => {
  it('applies the defaults and reads --name value and --name=value', () => {
    expect(parseGenerateArgs([])).toEqual({ products: 1000, users: 500, interactions: 20000, days: 30, seed: 42 });
    expect(parseGenerateArgs(['--products', '5', '--reviews=3', '--seed', '0'])).toMatchObject({ products: 5, reviews: 3, seed: 0 });
    expect(parseGenerateArgs(['--help'])).toBe('help');
    expect(parseGenerateArgs(['--out', '/tmp/data', '--products', '5'])).toMatchObject({ products: 5, out: '/tmp/data' });
  });

  it.each([
    [['--products', '0'], '--products must be between 1 and 10000000, got 0'],
    [['--users', 'many'], '--users must be a whole number, got "many"'],
    [['--days', '2.5'], '--days must be a whole number, got "2.5"'],
    [['--interactions'], "argument missing"],
    [['--product', '3'], "Unknown option '--product'"],
    [['100'], 'Unexpected argument'],
    [['--out', 'd', '--reviews', '3'], '--reviews fills the database\'s review table: it does not go with --out'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseGenerateArgs(argv)).toThrow(message);
  });
});
