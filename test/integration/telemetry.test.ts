import {
  AddReviewDocument,
  AddToCartDocument,
  InteractionTrackedDocument,
  PlaceOrderDocument,
  ProductDocument,
  TrackInteractionDocument,
  TrackInteractionsDocument,
  UpsertProductsDocument,
  UserDocument,
  type InteractionTrackedSubscription,
  type TrackInteractionInput,
} from '../generated/graphql';
import { print } from 'graphql';
import { Topic } from '../../src/platform/events/pubsub';
import { PRODUCTS, seed } from './fixtures';
import { collect, errorOf, eventually, type GqlResult, TestApp } from './harness';

let t: TestApp;
let ids: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  t = await TestApp.start();
  ids = await seed(t);
});
afterAll(() => t.close());

const view = (over: Partial<TrackInteractionInput> = {}): TrackInteractionInput => ({
  userId: ids.users.alice,
  productId: ids.products.shirtRed,
  type: 'VIEW',
  ...over,
});

describe('trackInteraction', () => {
  it('stores one interaction with defaults (timeSpentSeconds 0, createdAt now)', async () => {
    const before = await t.count('interaction');
    const { trackInteraction } = await t.ok(TrackInteractionDocument, { input: view({ sessionId: 's-1' }) });
    expect(trackInteraction).toMatchObject({
      userId: ids.users.alice,
      productId: ids.products.shirtRed,
      type: 'VIEW',
      rating: null,
      eventId: null,
      sessionId: 's-1',
      timeSpentSeconds: 0,
    });
    expect(Math.abs(new Date(trackInteraction.createdAt).getTime() - Date.now())).toBeLessThan(10_000);
    expect(await t.count('interaction')).toBe(before + 1);
  });

  it('keeps a past occurredAt and a RATE rating', async () => {
    const occurredAt = '2026-01-02T03:04:05.000Z';
    const { trackInteraction } = await t.ok(TrackInteractionDocument, {
      input: view({ type: 'RATE', rating: 4, occurredAt, timeSpentSeconds: 30 }),
    });
    expect(trackInteraction).toMatchObject({ type: 'RATE', rating: 4, createdAt: occurredAt, timeSpentSeconds: 30 });
  });

  it('is idempotent by eventId: a retry returns the stored interaction and adds no row', async () => {
    const input = view({ eventId: 'evt-retry-1', timeSpentSeconds: 12 });
    const first = await t.ok(TrackInteractionDocument, { input });
    const before = await t.count('interaction');
    const again = await t.ok(TrackInteractionDocument, { input });
    expect(again.trackInteraction).toEqual(first.trackInteraction);
    expect(await t.count('interaction')).toBe(before);
    const rows = await t.sql(`select id from interaction where event_id = 'evt-retry-1'`);
    expect(rows).toHaveLength(1);
  });
});

describe('trackInteractions', () => {
  it('stores a batch in one call and reports duplicates by eventId', async () => {
    const before = await t.count('interaction');
    const inputs = Array.from({ length: 250 }, (_, i) =>
      view({ eventId: `batch-${i}`, productId: i % 2 ? ids.products.dress : ids.products.shoe, type: i % 5 ? 'VIEW' : 'ADD_TO_CART' }),
    );
    expect((await t.ok(TrackInteractionsDocument, { inputs })).trackInteractions).toEqual({ accepted: 250, duplicates: 0 });
    // a retry of half the batch plus ten new events
    const retry = [...inputs.slice(0, 125), ...Array.from({ length: 10 }, (_, i) => view({ eventId: `batch-new-${i}` }))];
    expect((await t.ok(TrackInteractionsDocument, { inputs: retry })).trackInteractions).toEqual({ accepted: 10, duplicates: 125 });
    expect(await t.count('interaction')).toBe(before + 260);
  });

  it('accepts 1000 events (the limit) in one call', async () => {
    const inputs = Array.from({ length: 1000 }, () => view());
    expect((await t.ok(TrackInteractionsDocument, { inputs })).trackInteractions).toEqual({ accepted: 1000, duplicates: 0 });
  });

  it('treats the same eventId twice inside one batch as one event', async () => {
    const inputs = [view({ eventId: 'twice' }), view({ eventId: 'twice' })];
    expect((await t.ok(TrackInteractionsDocument, { inputs })).trackInteractions).toEqual({ accepted: 1, duplicates: 1 });
  });

  it('stores quotes, backslashes, placeholders and non-ASCII as sent (the batch is a bound parameter)', async () => {
    const odd = [`it's`, 'back\\slash', 'a ? b ?? c $1', `'); drop table interaction; --`, 'naïve 商品 🎉'];
    const inputs = odd.map((s, i) => view({ eventId: s, sessionId: `${s}-${i}` }));
    expect((await t.ok(TrackInteractionsDocument, { inputs })).trackInteractions).toEqual({ accepted: odd.length, duplicates: 0 });
    const rows = await t.sql<{ event_id: string; session_id: string }>(
      'select event_id, session_id from interaction where event_id = any($1) order by session_id',
      [odd],
    );
    expect(rows.map((r) => [r.event_id, r.session_id]).sort()).toEqual(odd.map((s, i) => [s, `${s}-${i}`]).sort());
  });
});

describe('bad telemetry is rejected with a named field and writes nothing', () => {
  type Case = [string, () => Promise<GqlResult<unknown>>, string, string | undefined];
  const inFuture = () => new Date(Date.now() + 3_600_000).toISOString();
  const cases: Case[] = [
    ['RATE without a rating', () => t.gql(TrackInteractionDocument, { input: view({ type: 'RATE' }) }), 'BAD_USER_INPUT', 'input.rating'],
    ['RATE with rating 6', () => t.gql(TrackInteractionDocument, { input: view({ type: 'RATE', rating: 6 }) }), 'BAD_USER_INPUT', 'input.rating'],
    ['a rating on a VIEW', () => t.gql(TrackInteractionDocument, { input: view({ rating: 3 }) }), 'BAD_USER_INPUT', 'input.rating'],
    ['negative timeSpentSeconds', () => t.gql(TrackInteractionDocument, { input: view({ timeSpentSeconds: -1 }) }), 'BAD_USER_INPUT', 'input.timeSpentSeconds'],
    ['timeSpentSeconds over a day', () => t.gql(TrackInteractionDocument, { input: view({ timeSpentSeconds: 86_401 }) }), 'BAD_USER_INPUT', 'input.timeSpentSeconds'],
    ['occurredAt in the future', () => t.gql(TrackInteractionDocument, { input: view({ occurredAt: inFuture() }) }), 'BAD_USER_INPUT', 'input.occurredAt'],
    ['an unknown product', () => t.gql(TrackInteractionDocument, { input: view({ productId: '987654' }) }), 'NOT_FOUND', 'input.productId'],
    ['an unknown user', () => t.gql(TrackInteractionDocument, { input: view({ userId: '987654' }) }), 'NOT_FOUND', 'input.userId'],
    ['a malformed product id', () => t.gql(TrackInteractionDocument, { input: view({ productId: 'abc' }) }), 'NOT_FOUND', 'input.productId'],
    ['an empty eventId', () => t.gql(TrackInteractionDocument, { input: view({ eventId: '' }) }), 'BAD_USER_INPUT', 'input.eventId'],
    [
      'an unknown interaction type (rejected by the schema)',
      () => t.gql(TrackInteractionDocument, { input: view({ type: 'CLICK' as never }) }),
      'BAD_USER_INPUT',
      undefined,
    ],
    [
      'a batch with one bad item names its index',
      () => t.gql(TrackInteractionsDocument, { inputs: [view(), view(), view({ type: 'RATE', rating: 0 })] }),
      'BAD_USER_INPUT',
      'inputs[2].rating',
    ],
    [
      'a batch with one unknown product names its index',
      () => t.gql(TrackInteractionsDocument, { inputs: [view(), view({ productId: '987654' }), view()] }),
      'NOT_FOUND',
      'inputs[1].productId',
    ],
    [
      'a batch of 1001 items',
      () => t.gql(TrackInteractionsDocument, { inputs: Array.from({ length: 1001 }, () => view()) }),
      'BAD_USER_INPUT',
      'inputs',
    ],
    ['a review rated 0', () => t.gql(AddReviewDocument, { input: { userId: ids.users.bob, productId: ids.products.dress, rating: 0 } }), 'BAD_USER_INPUT', 'input.rating'],
    ['a review of an unknown product', () => t.gql(AddReviewDocument, { input: { userId: ids.users.bob, productId: '987654', rating: 4 } }), 'NOT_FOUND', 'input.productId'],
    ['a cart quantity of 0', () => t.gql(AddToCartDocument, { userId: ids.users.bob, productId: ids.products.dress, quantity: 0 }), 'BAD_USER_INPUT', 'quantity'],
    ['a cart for an unknown user', () => t.gql(AddToCartDocument, { userId: '987654', productId: ids.products.dress }), 'NOT_FOUND', 'userId'],
    [
      'an order with an unknown product names the item',
      () => t.gql(PlaceOrderDocument, { userId: ids.users.bob, items: [{ productId: ids.products.dress, quantity: 1 }, { productId: '987654', quantity: 1 }] }),
      'NOT_FOUND',
      'items[1].productId',
    ],
    [
      'an order with the same product twice',
      () => t.gql(PlaceOrderDocument, { userId: ids.users.bob, items: [{ productId: ids.products.dress, quantity: 1 }, { productId: ids.products.dress, quantity: 2 }] }),
      'BAD_USER_INPUT',
      'items[1].productId',
    ],
    ['an empty order', () => t.gql(PlaceOrderDocument, { userId: ids.users.bob, items: [] }), 'BAD_USER_INPUT', 'items'],
  ];

  it.each(cases)('%s', async (_name, call, code, field) => {
    const before = await t.counts();
    const e = errorOf(await call());
    expect(e.code).toBe(code);
    if (field) {
      expect(e.field).toBe(field);
      expect(e.message).toContain(field);
    }
    expect(await t.counts()).toEqual(before);
  });
});

describe('reviews, cart and orders record their interactions', () => {
  const interactionsOf = (userId: string, type: string) =>
    t.sql<{ product_id: string; rating: number | null }>(
      `select product_id::text, rating from interaction where user_id = $1 and type = $2 order by id`,
      [userId, type],
    );

  it('addReview stores the review and a RATE interaction; a second review replaces the first', async () => {
    const { users, products } = ids;
    const first = await t.ok(AddReviewDocument, { input: { userId: users.bob, productId: products.dress, rating: 3, comment: 'ok' } });
    expect(first.addReview).toMatchObject({ rating: 3, comment: 'ok', product: { avgRating: 3, reviewCount: 1 } });
    const second = await t.ok(AddReviewDocument, { input: { userId: users.bob, productId: products.dress, rating: 5 } });
    expect(second.addReview).toMatchObject({ id: first.addReview.id, rating: 5, comment: null, product: { avgRating: 5, reviewCount: 1 } });
    await t.ok(AddReviewDocument, { input: { userId: users.alice, productId: products.dress, rating: 4 } });
    const { product } = await t.ok(ProductDocument, { id: products.dress });
    expect(product).toMatchObject({ avgRating: 4.5, reviewCount: 2 });
    expect(await interactionsOf(users.bob, 'RATE')).toEqual([
      { product_id: products.dress, rating: 3 },
      { product_id: products.dress, rating: 5 },
    ]);
  });

  it('addToCart accumulates quantity, returns the cart and records ADD_TO_CART', async () => {
    const { users, products } = ids;
    await t.ok(AddToCartDocument, { userId: users.bob, productId: products.shoe });
    const { addToCart } = await t.ok(AddToCartDocument, { userId: users.bob, productId: products.shoe, quantity: 2 });
    expect(addToCart).toEqual([expect.objectContaining({ productId: products.shoe, quantity: 3, product: { sku: 'SHOE-RUN', price: 120 } })]);
    expect(await interactionsOf(users.bob, 'ADD_TO_CART')).toHaveLength(2);
  });

  it('placeOrder captures prices, records one PURCHASE per item and empties those cart lines', async () => {
    const { users, products } = ids;
    const { placeOrder } = await t.ok(PlaceOrderDocument, {
      userId: users.bob,
      items: [
        { productId: products.shoe, quantity: 2 },
        { productId: products.shirtBlue, quantity: 1 },
      ],
    });
    expect(placeOrder.total).toBeCloseTo(261.5, 2);
    expect(placeOrder.items).toEqual([
      { productId: products.shoe, quantity: 2, unitPrice: 120, product: { sku: 'SHOE-RUN' } },
      { productId: products.shirtBlue, quantity: 1, unitPrice: 21.5, product: { sku: 'SHIRT-BLUE' } },
    ]);
    // a later price change does not rewrite the order
    await t.ok(UpsertProductsDocument, { inputs: [{ ...PRODUCTS[3], price: 150 }] });
    const { user } = await t.ok(UserDocument, { id: users.bob });
    expect(user!.cart).toEqual([]);
    expect(user!.orders[0].items[0].unitPrice).toBe(120);
    expect(user!.orders[0].total).toBeCloseTo(261.5, 2);
    expect((await interactionsOf(users.bob, 'PURCHASE')).map((r) => r.product_id)).toEqual([products.shoe, products.shirtBlue]);
  });
});

describe('interactionTracked subscription over graphql-ws', () => {
  const query = print(InteractionTrackedDocument);

  it('streams every interaction to an unfiltered subscriber and only matching ones to a filtered one', async () => {
    const client = t.wsClient();
    const before = t.app.events.subscriberCount(Topic.InteractionTracked);
    const all = collect<InteractionTrackedSubscription>(client, query);
    const dressOnly = collect<InteractionTrackedSubscription>(client, query, { productId: ids.products.dress });
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.InteractionTracked) >= before + 2), 'the subscription to attach');

    await t.ok(TrackInteractionDocument, { input: view({ productId: ids.products.shoe, eventId: 'sub-1' }) });
    await t.ok(TrackInteractionsDocument, { inputs: [view({ productId: ids.products.dress, eventId: 'sub-2' })] });
    await t.ok(AddToCartDocument, { userId: ids.users.alice, productId: ids.products.dress });

    const got = await all.waitFor(3);
    expect(got.map((e) => [e.interactionTracked.productId, e.interactionTracked.type])).toEqual([
      [ids.products.shoe, 'VIEW'],
      [ids.products.dress, 'VIEW'],
      [ids.products.dress, 'ADD_TO_CART'],
    ]);
    const filtered = await dressOnly.waitFor(2);
    expect(filtered.map((e) => e.interactionTracked.productId)).toEqual([ids.products.dress, ids.products.dress]);
    // a retried event is not announced twice
    await t.ok(TrackInteractionDocument, { input: view({ productId: ids.products.shoe, eventId: 'sub-1' }) });
    await t.ok(TrackInteractionDocument, { input: view({ productId: ids.products.dress, eventId: 'sub-3' }) });
    await dressOnly.waitFor(3);
    expect(all.events).toHaveLength(4);
    all.dispose();
    dressOnly.dispose();
    expect(all.errors).toEqual([]);
  });
});
