// Commerce retries over HTTP: placeOrder, addToCart and addReview with an idempotencyKey return the
// first result and write nothing new, also when the duplicates arrive at the same time.
import { AddReviewDocument, AddToCartDocument, PlaceOrderDocument } from '../generated/graphql';
import { seed } from './fixtures';
import { errorOf, TestApp } from './harness';

let t: TestApp;
let ids: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  t = await TestApp.start();
  ids = await seed(t);
});
afterAll(() => t.close());

describe('idempotent commerce retries', () => {
  it('placeOrder: a retry with the same key returns the first order and writes nothing', async () => {
    const vars = { userId: ids.users.alice, items: [{ productId: ids.products.shirtRed, quantity: 2 }], idempotencyKey: 'order-1' };
    const first = (await t.ok(PlaceOrderDocument, vars)).placeOrder;
    const before = await t.counts();
    const again = (await t.ok(PlaceOrderDocument, vars)).placeOrder;
    expect(again).toEqual(first);
    expect(await t.counts()).toEqual(before);
  });

  it('addToCart: a retry adds the quantity once and records one ADD_TO_CART', async () => {
    const vars = { userId: ids.users.alice, productId: ids.products.dress, quantity: 3, idempotencyKey: 'cart-1' };
    const first = (await t.ok(AddToCartDocument, vars)).addToCart;
    const before = await t.counts();
    const again = (await t.ok(AddToCartDocument, vars)).addToCart;
    expect(again).toEqual(first);
    expect(again.find((l) => l.productId === ids.products.dress)?.quantity).toBe(3);
    expect(await t.counts()).toEqual(before);
  });

  it('addReview: a retry returns the first review and records one RATE', async () => {
    const vars = { input: { userId: ids.users.alice, productId: ids.products.shoe, rating: 4, comment: 'Comfy' }, idempotencyKey: 'review-1' };
    const first = (await t.ok(AddReviewDocument, vars)).addReview;
    const before = await t.counts();
    expect((await t.ok(AddReviewDocument, vars)).addReview).toEqual(first);
    expect(await t.counts()).toEqual(before);
  });

  it('without a key every call writes (the old behaviour)', async () => {
    const vars = { userId: ids.users.bob, productId: ids.products.shirtBlue, quantity: 1 };
    await t.ok(AddToCartDocument, vars);
    const line = (await t.ok(AddToCartDocument, vars)).addToCart.find((l) => l.productId === ids.products.shirtBlue);
    expect(line?.quantity).toBe(2);
  });

  it('concurrent duplicates wait for the first and return its result: one order', async () => {
    const vars = { userId: ids.users.bob, items: [{ productId: ids.products.shoe, quantity: 1 }], idempotencyKey: 'order-race' };
    const before = await t.count('customer_order');
    const orders = await Promise.all(Array.from({ length: 6 }, () => t.ok(PlaceOrderDocument, vars)));
    expect(new Set(orders.map((o) => o.placeOrder.id)).size).toBe(1);
    expect(await t.count('customer_order')).toBe(before + 1);
    expect(await t.sql(`select count(*)::int as n from interaction where type = 'PURCHASE' and user_id = $1 and product_id = $2`, [ids.users.bob, ids.products.shoe]))
      .toEqual([{ n: 1 }]);
  });

  it('keys are per user: another user\'s same key is a write of their own', async () => {
    const items = [{ productId: ids.products.dress, quantity: 1 }];
    const alices = (await t.ok(PlaceOrderDocument, { userId: ids.users.alice, items, idempotencyKey: 'shared-key' })).placeOrder;
    const bobs = (await t.ok(PlaceOrderDocument, { userId: ids.users.bob, items, idempotencyKey: 'shared-key' })).placeOrder;
    expect(bobs.id).not.toBe(alices.id);
    expect(bobs.userId).toBe(ids.users.bob);
  });

  it.each([
    ['placeOrder with other items', () => t.gql(PlaceOrderDocument, { userId: ids.users.alice, items: [{ productId: ids.products.shirtRed, quantity: 3 }], idempotencyKey: 'order-1' })],
    ['addToCart with another quantity', () => t.gql(AddToCartDocument, { userId: ids.users.alice, productId: ids.products.dress, quantity: 1, idempotencyKey: 'cart-1' })],
    ['addReview with another rating', () => t.gql(AddReviewDocument, { input: { userId: ids.users.alice, productId: ids.products.shoe, rating: 2 }, idempotencyKey: 'review-1' })],
    ['another operation', () => t.gql(AddToCartDocument, { userId: ids.users.alice, productId: ids.products.shirtRed, quantity: 2, idempotencyKey: 'order-1' })],
    ['a key of 201 characters', () => t.gql(AddToCartDocument, { userId: ids.users.alice, productId: ids.products.shirtRed, idempotencyKey: 'k'.repeat(201) })],
    ['an empty key', () => t.gql(PlaceOrderDocument, { userId: ids.users.alice, items: [{ productId: ids.products.shirtRed, quantity: 1 }], idempotencyKey: '' })],
  ])('the same key with %s is BAD_USER_INPUT on idempotencyKey and writes nothing', async (_what, call) => {
    const before = await t.counts();
    const keys = await t.count('idempotency_key');
    expect(errorOf(await call())).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(await t.counts()).toEqual(before);
    expect(await t.count('idempotency_key')).toBe(keys);
  });

  it('a call that fails leaves its key unused: the corrected retry writes', async () => {
    const bad = await t.gql(PlaceOrderDocument, { userId: ids.users.alice, items: [{ productId: '999999', quantity: 1 }], idempotencyKey: 'order-fixed' });
    expect(errorOf(bad).code).toBe('NOT_FOUND');
    const good = await t.ok(PlaceOrderDocument, { userId: ids.users.alice, items: [{ productId: ids.products.shoe, quantity: 1 }], idempotencyKey: 'order-fixed' });
    expect(good.placeOrder.items).toHaveLength(1);
  });
});
