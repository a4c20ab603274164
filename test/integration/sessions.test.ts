// Anonymous sessions end to end over HTTP: their events are stored and trained on (popularity and
// behaviour), recommendationsForSession answers from them, identify / mergeAnonymous attribute them
// to a user once, and eventIds are scoped to their user or session.
import { SignJWT } from 'jose';
import {
  ExportedInteractionsDocument,
  IdentifyDocument,
  MergeAnonymousDocument,
  ModelInfoDocument,
  PopularProductsDocument,
  RecommendationsForSessionDocument,
  RetrainModelDocument,
  SimilarProductsDocument,
  TrackInteractionDocument,
  TrackInteractionsDocument,
  type TrackInteractionInput,
} from '../generated/graphql';
import { errorOf, TEST_JWT_SECRET, TestApp } from './harness';
import { CATALOG, seedShop, structuredInteractions, type Shop } from './lifecycle-fixtures';
import { waitForJob } from './retrain-helpers';

let t: TestApp;
let shop: Shop;
const group = (sku: string) => sku.split('-')[0];

const shopperToken = (userId: string) =>
  new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));

beforeAll(async () => {
  t = await TestApp.start({ SCHEDULER_POLL_MS: '100' });
  await t.app.models.startupChecked; // a fresh database: no products, so no start-up training
  shop = await seedShop(t, 'sessions');
});
afterAll(() => t.close());

/** The structured shoppers' events, sent as anonymous sessions `session-<u>` instead of users. */
function sessionEvents(): TrackInteractionInput[] {
  return structuredInteractions(shop, 5).map(({ userId, ...rest }) => ({ ...rest, anonymousId: `session-${shop.users.indexOf(String(userId))}` }));
}

describe('anonymous sessions', () => {
  it('stores an event with an anonymousId and no user; the export shows userId null and the anonymousId', async () => {
    const { trackInteraction } = await t.ok(TrackInteractionDocument, {
      input: { anonymousId: 'solo', productId: shop.ids['G1-0'], type: 'VIEW', eventId: 'solo-1' },
    });
    expect(trackInteraction).toMatchObject({ userId: null, anonymousId: 'solo', productId: shop.ids['G1-0'], eventId: 'solo-1' });
    const { trainingData } = await t.ok(ExportedInteractionsDocument, { days: 30, first: 1000 });
    expect(trainingData.interactions.edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ id: trackInteraction.id, userId: null, anonymousId: 'solo' }),
    );
  });

  it.each([
    [{ userId: '1', anonymousId: 'both' }, 'input.anonymousId'],
    [{}, 'input.userId'],
    [{ anonymousId: '' }, 'input.anonymousId'],
    [{ anonymousId: 'x'.repeat(201) }, 'input.anonymousId'],
  ])('needs exactly one of userId and anonymousId: %j is BAD_USER_INPUT on %s, nothing written', async (who, field) => {
    const before = await t.count('interaction');
    const r = await t.gql(TrackInteractionDocument, { input: { ...who, productId: shop.ids['G1-0'], type: 'VIEW' } });
    expect(errorOf(r)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await t.count('interaction')).toBe(before);
  });

  it('a batch of session events counts for popularity and the behaviour model', async () => {
    const inputs = sessionEvents();
    // 30 more sessions all view one product: it becomes the most popular
    for (let s = 0; s < 30; s++) inputs.push({ anonymousId: `fan-${s}`, productId: shop.ids['G3-5'], type: 'VIEW' });
    expect((await t.ok(TrackInteractionsDocument, { inputs })).trackInteractions).toEqual({ accepted: inputs.length, duplicates: 0 });
    expect(await t.sql(`select count(*)::int as n from interaction where user_id is not null`)).toEqual([{ n: 0 }]);

    const job = await waitForJob(t, (await t.ok(RetrainModelDocument, { days: 30 })).retrainModel.id);
    expect(job.status).toBe('SUCCEEDED');
    const { modelInfo } = await t.ok(ModelInfoDocument);
    expect(modelInfo.numInteractions).toBe(inputs.length + 1); // and the 'solo' event
    expect(modelInfo.numUsers).toBe(shop.users.length + 30 + 1); // every session is a shopper to the model

    const { popularProducts } = await t.ok(PopularProductsDocument, { n: 1 });
    expect(popularProducts[0].product.id).toBe(shop.ids['G3-5']);
    // shoppers of a group only ever touched that group, so behaviour neighbours stay inside it
    const { similarProducts } = await t.ok(SimilarProductsDocument, { productId: shop.ids['G2-3'], n: 5, kind: 'BEHAVIOUR' });
    expect(similarProducts.length).toBeGreaterThan(0);
    for (const r of similarProducts) expect(group(r.product.sku)).toBe('G2');
  });

  it('recommendationsForSession answers from the session\'s latest events, read at request time', async () => {
    // a session the model never saw, started after the training
    await t.ok(TrackInteractionsDocument, {
      inputs: ['G4-0', 'G4-1', 'G4-2'].map((sku) => ({ anonymousId: 'new-visitor', productId: shop.ids[sku], type: 'VIEW' as const })),
    });
    const { recommendationsForSession } = await t.ok(RecommendationsForSessionDocument, { anonymousId: 'new-visitor', n: 5 });
    expect(recommendationsForSession).toHaveLength(5);
    for (const r of recommendationsForSession) expect(group(r.product.sku)).toBe('G4');
  });

  it('a session without events gets the popular list; bad arguments are BAD_USER_INPUT', async () => {
    const { recommendationsForSession } = await t.ok(RecommendationsForSessionDocument, { anonymousId: 'nobody-yet', n: 4 });
    const { popularProducts } = await t.ok(PopularProductsDocument, { n: 4 });
    expect(recommendationsForSession).toEqual(popularProducts);
    expect(errorOf(await t.gql(RecommendationsForSessionDocument, { anonymousId: '', n: 4 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'anonymousId' });
    expect(errorOf(await t.gql(RecommendationsForSessionDocument, { anonymousId: 'x', n: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'n' });
  });
});

describe('identify and mergeAnonymous', () => {
  const track = (anonymousId: string, n: number) =>
    t.ok(TrackInteractionsDocument, {
      inputs: Array.from({ length: n }, (_, i) => ({ anonymousId, eventId: `${anonymousId}-${i}`, productId: shop.ids[CATALOG[i].sku], type: 'VIEW' as const })),
    });
  const owners = (anonymousId: string) =>
    t.sql<{ userId: string | null }>(`select user_id::text as "userId" from interaction where anonymous_id = $1`, [anonymousId]);

  it('mergeAnonymous attributes the session\'s events to the user once; a repeat moves nothing', async () => {
    await track('to-merge', 3);
    const user = shop.users[1];
    expect((await t.ok(MergeAnonymousDocument, { anonymousId: 'to-merge', userId: user })).mergeAnonymous).toEqual({ anonymousId: 'to-merge', userId: user, moved: 3 });
    expect(await owners('to-merge')).toEqual([{ userId: user }, { userId: user }, { userId: user }]);
    expect((await t.ok(MergeAnonymousDocument, { anonymousId: 'to-merge', userId: user })).mergeAnonymous.moved).toBe(0);
    // and not to anyone else afterwards
    expect((await t.ok(MergeAnonymousDocument, { anonymousId: 'to-merge', userId: shop.users[2] })).mergeAnonymous.moved).toBe(0);
    expect(await owners('to-merge')).toEqual([{ userId: user }, { userId: user }, { userId: user }]);

    // the export names the user and keeps the session
    const { trainingData } = await t.ok(ExportedInteractionsDocument, { days: 30, first: 1000 });
    const merged = trainingData.interactions.edges.map((e) => e.node).filter((n) => n.anonymousId === 'to-merge');
    expect(merged.map((n) => n.userId)).toEqual([user, user, user]);
    // a late retry of a merged event is still the same event (its eventId stays scoped to the session)
    const before = await t.count('interaction');
    const retry = await t.ok(TrackInteractionDocument, { input: { anonymousId: 'to-merge', eventId: 'to-merge-0', productId: shop.ids[CATALOG[0].sku], type: 'VIEW' } });
    expect(retry.trackInteraction).toMatchObject({ userId: user, anonymousId: 'to-merge', eventId: 'to-merge-0' });
    expect(await t.count('interaction')).toBe(before);
  });

  it('concurrent merges of one session move each event once', async () => {
    await track('raced', 8);
    const results = await Promise.all(
      [shop.users[3], shop.users[3], shop.users[4], shop.users[4]].map((userId) => t.ok(MergeAnonymousDocument, { anonymousId: 'raced', userId })),
    );
    expect(results.reduce((sum, r) => sum + r.mergeAnonymous.moved, 0)).toBe(8);
    expect(new Set((await owners('raced')).map((o) => o.userId)).size).toBe(1);
  });

  it('mergeAnonymous of an unknown user is NOT_FOUND and moves nothing', async () => {
    await track('orphan', 2);
    expect(errorOf(await t.gql(MergeAnonymousDocument, { anonymousId: 'orphan', userId: '999999' }))).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
    expect(await owners('orphan')).toEqual([{ userId: null }, { userId: null }]);
  });

  it('identify with a shopper token merges into the token\'s user, once', async () => {
    await track('logging-in', 4);
    const user = shop.users[5];
    const token = await shopperToken(user);
    expect((await t.gql(IdentifyDocument, { anonymousId: 'logging-in' }, { token })).data?.identify).toEqual({ anonymousId: 'logging-in', userId: user, moved: 4 });
    expect((await t.gql(IdentifyDocument, { anonymousId: 'logging-in' }, { token })).data?.identify?.moved).toBe(0);
    expect(new Set((await owners('logging-in')).map((o) => o.userId))).toEqual(new Set([user]));
  });

  it('identify without a shopper token is refused and moves nothing', async () => {
    await track('no-token', 1);
    expect(errorOf(await t.gql(IdentifyDocument, { anonymousId: 'no-token' })).code).toBe('FORBIDDEN'); // admin key
    expect(errorOf(await t.gql(IdentifyDocument, { anonymousId: 'no-token' }, { token: null })).code).toBe('UNAUTHENTICATED');
    expect(await owners('no-token')).toEqual([{ userId: null }]);
  });
});

describe('eventIds are scoped to their user or session', () => {
  const view = (who: Partial<TrackInteractionInput>): TrackInteractionInput => ({ eventId: 'shared-evt', productId: shop.ids['G0-1'], type: 'VIEW', ...who });

  it('another user\'s eventId is a new event of the caller, never the other one\'s', async () => {
    const [alice, bob] = shop.users;
    const first = (await t.ok(TrackInteractionDocument, { input: view({ userId: alice }) })).trackInteraction;
    const bobs = (await t.ok(TrackInteractionDocument, { input: view({ userId: bob }) })).trackInteraction;
    const sessions = (await t.ok(TrackInteractionDocument, { input: view({ anonymousId: 'evt-session' }) })).trackInteraction;
    expect(bobs).toMatchObject({ userId: bob, eventId: 'shared-evt' });
    expect(bobs.id).not.toBe(first.id);
    expect(sessions).toMatchObject({ userId: null, anonymousId: 'evt-session' });
    expect(new Set([first.id, bobs.id, sessions.id]).size).toBe(3);
  });

  it('the same user\'s retry returns the first event, stored once (one call or a batch)', async () => {
    const alice = shop.users[0];
    const first = (await t.ok(TrackInteractionDocument, { input: view({ userId: alice, eventId: 'retry-me' }) })).trackInteraction;
    const again = (await t.ok(TrackInteractionDocument, { input: view({ userId: alice, eventId: 'retry-me' }) })).trackInteraction;
    expect(again).toEqual(first);
    const batch = await t.ok(TrackInteractionsDocument, {
      inputs: [view({ userId: alice, eventId: 'retry-me' }), view({ userId: shop.users[1], eventId: 'retry-me' })],
    });
    expect(batch.trackInteractions).toEqual({ accepted: 1, duplicates: 1 });
    expect(await t.sql(`select user_id::text as "userId" from interaction where event_id = 'retry-me' order by id`)).toEqual([
      { userId: alice },
      { userId: shop.users[1] },
    ]);
  });
});
