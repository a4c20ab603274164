import {
  CategoriesDocument,
  CreateUserDocument,
  ProductDocument,
  ProductsDocument,
  UpsertProductsDocument,
  UserDocument,
} from '../generated/graphql';
import { PRODUCTS, seed } from './fixtures';
import { errorOf, TestApp } from './harness';

let t: TestApp;
let ids: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  t = await TestApp.start();
  ids = await seed(t);
});
afterAll(() => t.close());

describe('products', () => {
  it('upsertProducts creates products and their categories', async () => {
    const { product } = await t.ok(ProductDocument, { id: ids.products.shirtRed });
    expect(product).toMatchObject({
      sku: 'SHIRT-RED',
      name: 'Red Cotton Shirt',
      category: { name: 'Shirts' },
      price: 19.99,
      gender: 'men',
      color: 'red',
      material: 'cotton',
      size: 'M',
      avgRating: null,
      reviewCount: 0,
      interactionCount: 0,
    });
    expect(new Date(product!.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const { categories } = await t.ok(CategoriesDocument);
    expect(categories.map((c) => c.name)).toEqual(['Dresses', 'Shirts', 'Shoes']);
  });

  it('upsertProducts is keyed by sku: a second call updates in place', async () => {
    const { upsertProducts } = await t.ok(UpsertProductsDocument, {
      inputs: [{ ...PRODUCTS[0], name: 'Red Linen Shirt', price: 24.5, material: 'linen', category: 'Summer' }],
    });
    expect(upsertProducts[0]).toMatchObject({ id: ids.products.shirtRed, name: 'Red Linen Shirt', price: 24.5, category: { name: 'Summer' } });
    expect(await t.count('product')).toBe(4);
    // The first test read this product, so it sat in the product cache: a write refreshes it at once.
    expect((await t.ok(ProductDocument, { id: ids.products.shirtRed })).product).toMatchObject({ name: 'Red Linen Shirt', material: 'linen' });
    await t.ok(UpsertProductsDocument, { inputs: [PRODUCTS[0]] }); // restore for the other tests
    expect((await t.ok(ProductDocument, { id: ids.products.shirtRed })).product).toMatchObject({ name: 'Red Cotton Shirt' });
  });

  it('products pages by cursor in id order, filters by category and counts', async () => {
    const first = await t.ok(ProductsDocument, { first: 3 });
    expect(first.products.edges.map((e) => e.node.sku)).toEqual(['SHIRT-RED', 'SHIRT-BLUE', 'DRESS-BLK']);
    expect(first.products.pageInfo.hasNextPage).toBe(true);
    expect(first.products.totalCount).toBe(4);
    const second = await t.ok(ProductsDocument, { first: 3, after: first.products.pageInfo.endCursor });
    expect(second.products.edges.map((e) => e.node.sku)).toEqual(['SHOE-RUN']);
    expect(second.products.pageInfo).toEqual({ hasNextPage: false, endCursor: second.products.edges[0].cursor });

    const shirts = await t.ok(ProductsDocument, { category: 'Shirts' });
    expect(shirts.products.edges.map((e) => e.node.sku)).toEqual(['SHIRT-RED', 'SHIRT-BLUE']);
    expect(shirts.products.totalCount).toBe(2);
    const none = await t.ok(ProductsDocument, { category: 'No such category' });
    expect(none.products).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('a page of products with their stats costs a fixed number of queries, not one per product', async () => {
    await t.ok(UpsertProductsDocument, {
      inputs: Array.from({ length: 30 }, (_, i) => ({ sku: `BULK-${i}`, name: `Bulk ${i}`, category: 'Bulk', price: i + 1 })),
    });
    const knex = t.app.orm.em.getConnection().getKnex();
    const seen: string[] = [];
    const onQuery = (q: { sql: string }) => seen.push(q.sql);
    knex.on('query', onQuery);
    try {
      const { products } = await t.ok(ProductsDocument, { first: 30, category: 'Bulk' });
      expect(products.edges).toHaveLength(30);
      expect(products.edges[29].node).toMatchObject({ reviewCount: 0, interactionCount: 0, avgRating: null, category: { name: 'Bulk' } });
    } finally {
      knex.removeListener('query', onQuery);
    }
    // the page, one batched stats query (DataLoader), and totalCount
    expect(seen).toHaveLength(3);
  });

  it('product answers null for an unknown or malformed id', async () => {
    expect((await t.ok(ProductDocument, { id: '999999' })).product).toBeNull();
    expect((await t.ok(ProductDocument, { id: 'not-an-id' })).product).toBeNull();
  });
});

describe('users', () => {
  it('createUser normalises the email; user reads it back with an empty cart and no orders', async () => {
    const { createUser } = await t.ok(CreateUserDocument, { input: { email: '  Carol@Example.COM ', name: 'Carol' } });
    expect(createUser).toMatchObject({ email: 'carol@example.com', name: 'Carol' });
    const { user } = await t.ok(UserDocument, { id: createUser.id });
    expect(user).toMatchObject({ id: createUser.id, email: 'carol@example.com', cart: [], orders: [] });
    expect((await t.ok(UserDocument, { id: '424242' })).user).toBeNull();
  });
});

describe('bad catalog input is rejected whole and writes nothing', () => {
  const cases: Array<[string, () => Promise<unknown>, string, string]> = [
    [
      'a negative price in a batch names the index',
      () => t.gql(UpsertProductsDocument, { inputs: [{ ...PRODUCTS[0], sku: 'NEW-1' }, { ...PRODUCTS[1], sku: 'NEW-2', price: -1 }] }),
      'BAD_USER_INPUT',
      'inputs[1].price',
    ],
    [
      'a duplicate sku inside one batch',
      () => t.gql(UpsertProductsDocument, { inputs: [{ ...PRODUCTS[0], sku: 'NEW-3' }, { ...PRODUCTS[1], sku: 'NEW-3' }] }),
      'BAD_USER_INPUT',
      'inputs[1].sku',
    ],
    [
      'an empty product name',
      () => t.gql(UpsertProductsDocument, { inputs: [{ ...PRODUCTS[0], sku: 'NEW-4', name: '   ' }] }),
      'BAD_USER_INPUT',
      'inputs[0].name',
    ],
    [
      'an empty batch',
      () => t.gql(UpsertProductsDocument, { inputs: [] }),
      'BAD_USER_INPUT',
      'inputs',
    ],
    [
      'an email that is not one',
      () => t.gql(CreateUserDocument, { input: { email: 'nobody' } }),
      'BAD_USER_INPUT',
      'input.email',
    ],
    [
      'an email already registered (in another case)',
      () => t.gql(CreateUserDocument, { input: { email: 'ALICE@example.com' } }),
      'BAD_USER_INPUT',
      'input.email',
    ],
    [
      'products(first) out of range',
      () => t.gql(ProductsDocument, { first: 0 }),
      'BAD_USER_INPUT',
      'first',
    ],
    [
      'a products cursor this API never issued',
      () => t.gql(ProductsDocument, { after: 'garbage!' }),
      'BAD_USER_INPUT',
      'after',
    ],
  ];

  it.each(cases)('%s', async (_name, call, code, field) => {
    const before = await t.counts();
    const r = (await call()) as Parameters<typeof errorOf>[0];
    const e = errorOf(r);
    expect(e.code).toBe(code);
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
    expect(await t.counts()).toEqual(before);
  });
});
