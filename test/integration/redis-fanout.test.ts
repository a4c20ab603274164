import { print } from 'graphql';
import {
  CreateUserDocument,
  InteractionTrackedDocument,
  TrackInteractionDocument,
  UpsertProductsDocument,
  type InteractionTrackedSubscription,
} from '../generated/graphql';
import { Topic } from '../../src/platform/events/pubsub';
import { collect, eventually, TestApp } from './harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('with REDIS_URL, subscriptions span processes', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([TestApp.start({ REDIS_URL }), TestApp.start({ REDIS_URL })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('an interaction tracked on one replica reaches a subscriber of another', async () => {
    const { upsertProducts } = await a.ok(UpsertProductsDocument, {
      inputs: [{ sku: `redis-${Date.now()}`, name: 'Fan-out Shirt', category: 'Shirts', price: 10 }],
    });
    const productId = upsertProducts[0].id;
    const user = (await a.ok(CreateUserDocument, { input: { email: 'fanout@example.com' } })).createUser.id;

    const onB = collect<InteractionTrackedSubscription>(b.wsClient(), print(InteractionTrackedDocument), { productId });
    await eventually(() => Promise.resolve(b.app.events.subscriberCount(Topic.InteractionTracked) >= 1), 'the subscription to attach');
    // the Redis subscription is attached asynchronously: publish until the first event crosses over
    const deadline = Date.now() + 10_000;
    let sent = 0;
    while (onB.events.length === 0 && Date.now() < deadline) {
      await a.ok(TrackInteractionDocument, { input: { userId: user, productId, type: 'VIEW', eventId: `fanout-${sent++}` } });
      await new Promise((r) => setTimeout(r, 50));
    }
    const [first] = await onB.waitFor(1);
    expect(first.interactionTracked).toMatchObject({ productId, userId: user, type: 'VIEW' });
    onB.dispose();
  });
});
