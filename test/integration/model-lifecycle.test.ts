import { print } from 'graphql';
import { Topic } from '../../src/platform/events/pubsub';
import {
  ActivateModelVersionDocument,
  ModelInfoDocument,
  ModelRetrainedDocument,
  ModelVersionsDocument,
  PopularProductsDocument,
  RecommendationsForUserDocument,
  RetrainJobsDocument,
  RetrainModelDocument,
  SimilarProductsDocument,
  TrackInteractionsDocument,
  type ModelRetrainedSubscription,
  type TrackInteractionInput,
} from '../generated/graphql';
import { collect, errorOf, eventually, metric, TestApp } from './harness';
import { DAY_MS, noiseInteractions, seedShop, structuredInteractions, type Shop } from './lifecycle-fixtures';
import { waitForJob } from './retrain-helpers';

// Evaluation, the promotion gate and activateModelVersion, end to end over HTTP and WebSocket, on a
// shop with a clear structure and then a window of pure noise (see lifecycle-fixtures.ts).

let t: TestApp;
let shop: Shop;
let versions: { sparse: number; structured: number; noise: number };

beforeAll(async () => {
  t = await TestApp.start({ SCHEDULER_POLL_MS: '100' });
  await t.app.models.startupChecked; // a fresh database: no products, so no start-up training
  shop = await seedShop(t, 'lifecycle');
});
afterAll(() => t.close());

async function retrain(days: number) {
  const { retrainModel } = await t.ok(RetrainModelDocument, { days });
  return waitForJob(t, retrainModel.id);
}

async function track(inputs: TrackInteractionInput[]) {
  await t.ok(TrackInteractionsDocument, { inputs });
}

/** What a storefront sees of the served model. */
async function answers() {
  const product = shop.ids['G0-0'];
  return {
    modelInfo: (await t.ok(ModelInfoDocument)).modelInfo,
    hybrid: (await t.ok(SimilarProductsDocument, { productId: product, n: 5 })).similarProducts,
    content: (await t.ok(SimilarProductsDocument, { productId: product, n: 5, kind: 'CONTENT' })).similarProducts,
    behaviour: (await t.ok(SimilarProductsDocument, { productId: product, n: 5, kind: 'BEHAVIOUR' })).similarProducts,
    forUser: (await t.ok(RecommendationsForUserDocument, { userId: shop.users[0], n: 5 })).recommendationsForUser,
    popular: (await t.ok(PopularProductsDocument, { n: 5 })).popularProducts,
  };
}

/** The ranked-list cache's lookups so far, from /metrics. */
async function listLookups() {
  const lookups = (result: string) => metric(t.app.url, `recs_user_list_cache_lookups_total{result="${result}"}`);
  return { hits: await lookups('hit'), misses: await lookups('miss') };
}

async function forUser() {
  return (await t.ok(RecommendationsForUserDocument, { userId: shop.users[0], n: 5 })).recommendationsForUser;
}

async function statuses() {
  return (await t.ok(ModelVersionsDocument, {})).modelVersions.map((v) => [v.version, v.status]);
}

describe('model lifecycle: evaluation, promotion gate, activation', () => {
  let served: Awaited<ReturnType<typeof answers>>;
  let events: ReturnType<typeof collect<ModelRetrainedSubscription>>;

  it('too little data: the version goes live without an evaluation, and says why', async () => {
    const at = Date.now() - 10 * DAY_MS;
    await track(shop.users.slice(0, 3).flatMap((userId, u) => [
      { userId, productId: shop.ids[`G${u}-0`], type: 'VIEW' as const, occurredAt: new Date(at).toISOString() },
      { userId, productId: shop.ids[`G${u}-1`], type: 'PURCHASE' as const, occurredAt: new Date(at + 60_000).toISOString() },
    ]));
    const job = await retrain(30);
    expect(job).toMatchObject({ status: 'SUCCEEDED', error: null, rejectionReason: null });
    const [version] = (await t.ok(ModelVersionsDocument, { limit: 1 })).modelVersions;
    expect(version).toMatchObject({
      version: job.modelVersion,
      status: 'ACTIVE',
      evaluation: null,
      evaluationSkippedReason: expect.any(String),
      promotionReason: 'the first model version always goes live',
      rejectionReason: null,
    });
    const { modelInfo } = await t.ok(ModelInfoDocument);
    expect(modelInfo).toMatchObject({ version: job.modelVersion, evaluation: null, evaluationSkippedReason: version.evaluationSkippedReason });
    versions = { sparse: job.modelVersion!, structured: 0, noise: 0 };
  });

  it('every training is evaluated against the popularity baseline on the same holdout', async () => {
    await track(structuredInteractions(shop, 20));
    events = collect<ModelRetrainedSubscription>(t.wsClient(), print(ModelRetrainedDocument));
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.ModelRetrained) >= 1), 'the subscription to attach');

    const job = await retrain(30);
    expect(job).toMatchObject({ status: 'SUCCEEDED', rejectionReason: null });
    const [event] = await events.waitFor(1, 20_000);
    const [version] = (await t.ok(ModelVersionsDocument, { limit: 1 })).modelVersions;
    expect(version).toMatchObject({
      version: job.modelVersion,
      status: 'ACTIVE',
      evaluationSkippedReason: null,
      promotionReason: `live version ${versions.sparse} has no evaluation to compare with`,
    });
    const evaluation = version.evaluation!;
    expect(evaluation.evaluatedUsers).toBe(shop.users.length);
    for (const figure of Object.values(evaluation)) expect(figure).toBeGreaterThanOrEqual(0);
    // the structure is there to learn: the model beats recommending what is popular
    expect(evaluation.ndcgAt10).toBeGreaterThan(evaluation.baselineNdcgAt10);
    expect(evaluation.hitRateAt10).toBeGreaterThan(0.5);
    expect(event.modelRetrained).toMatchObject({ version: job.modelVersion, evaluation });
    expect((await t.ok(ModelInfoDocument)).modelInfo).toMatchObject({ version: job.modelVersion, evaluation, promotionReason: version.promotionReason });
    versions.structured = job.modelVersion!;
    served = await answers();
  });

  it('a degraded window gives a REJECTED version; the served model, its answers and subscribers see nothing', async () => {
    await track(noiseInteractions(shop, 2));
    const before = { jobs: (await t.ok(RetrainJobsDocument, {})).retrainJobs.length };

    const job = await retrain(3); // the window holds only the noise
    expect(job).toMatchObject({ status: 'REJECTED', error: null, rejectionReason: expect.stringMatching(/^NDCG@10 .* more than 10% lower/) });
    expect((await t.ok(RetrainJobsDocument, {})).retrainJobs).toHaveLength(before.jobs + 1);
    const [rejected, live] = (await t.ok(ModelVersionsDocument, { limit: 2 })).modelVersions;
    expect(rejected).toMatchObject({ version: job.modelVersion, status: 'REJECTED', windowDays: 3, promotionReason: null, rejectionReason: job.rejectionReason });
    expect(rejected.evaluation!.ndcgAt10).toBeLessThan(live.evaluation!.ndcgAt10 * 0.9);
    expect(rejected.evaluation!.baselineNdcgAt10).toEqual(expect.any(Number));
    expect(job.rejectionReason).toContain(`live version ${versions.structured}`);
    expect(live).toMatchObject({ version: versions.structured, status: 'ACTIVE' });

    expect(await answers()).toEqual(served);
    expect(events.events).toHaveLength(1); // only the structured version's
    // a user's list is ranked once per served model; asked again, it comes from the cache
    const lookups = await listLookups();
    expect(await forUser()).toEqual(served.forUser);
    expect(await listLookups()).toEqual({ hits: lookups.hits + 1, misses: lookups.misses });
    versions.noise = job.modelVersion!;
  });

  it('activateModelVersion forces the rejected version live, and every subscriber hears it', async () => {
    const prefilled = await metric(t.app.url, 'recs_user_lists_prefilled_total');
    const { activateModelVersion } = await t.ok(ActivateModelVersionDocument, { version: versions.noise });
    expect(activateModelVersion).toMatchObject({ version: versions.noise, status: 'ACTIVE', rejectionReason: expect.any(String) });
    const received = await events.waitFor(2);
    // the next event after the structured version's is this one: nothing was pushed for the rejection
    expect(received[1].modelRetrained).toMatchObject({ version: versions.noise, windowDays: 3 });
    expect((await t.ok(ModelInfoDocument)).modelInfo.version).toBe(versions.noise);
    // the lists kept under the previous model, and every user's list of 10, are ranked again with the
    // new one as it goes live: its own answers, from the cache
    await eventually(async () => (await metric(t.app.url, 'recs_user_lists_prefilled_total')) > prefilled, 'lists ranked ahead');
    await t.app.userLists.idle;
    const before = await listLookups();
    const list = await forUser();
    expect(list).not.toEqual(served.forUser);
    const ten = (await t.ok(RecommendationsForUserDocument, { userId: shop.users[0], n: 10 })).recommendationsForUser;
    expect(list).toEqual(ten.slice(0, 5));
    expect(await listLookups()).toEqual({ hits: before.hits + 2, misses: before.misses });
    expect(await statuses()).toEqual([
      [versions.noise, 'ACTIVE'],
      [versions.structured, 'RETIRED'],
      [versions.sparse, 'RETIRED'],
    ]);
  });

  it('activateModelVersion rolls back to an older version: the same answers as before', async () => {
    const { activateModelVersion } = await t.ok(ActivateModelVersionDocument, { version: versions.structured });
    expect(activateModelVersion).toMatchObject({ version: versions.structured, status: 'ACTIVE' });
    const received = await events.waitFor(3);
    expect(received[2].modelRetrained.version).toBe(versions.structured);
    expect(await answers()).toEqual(served);
    expect(await statuses()).toEqual([
      [versions.noise, 'RETIRED'],
      [versions.structured, 'ACTIVE'],
      [versions.sparse, 'RETIRED'],
    ]);
  });

  it('activating the version already live changes nothing and pushes nothing', async () => {
    const { activateModelVersion } = await t.ok(ActivateModelVersionDocument, { version: versions.structured });
    expect(activateModelVersion).toMatchObject({ version: versions.structured, status: 'ACTIVE' });
    await t.ok(ActivateModelVersionDocument, { version: versions.noise });
    // the push for the noise version comes next: none came for the no-op in between
    const received = await events.waitFor(4);
    expect(received[3].modelRetrained.version).toBe(versions.noise);
    await t.ok(ActivateModelVersionDocument, { version: versions.structured });
    await events.waitFor(5);
  });

  it.each([
    ['an unknown version', 999_999, 'NOT_FOUND'],
    ['version 0', 0, 'BAD_USER_INPUT'],
    ['a negative version', -3, 'BAD_USER_INPUT'],
  ])('activateModelVersion with %s answers a named error and changes nothing', async (_name, version, code) => {
    const before = { statuses: await statuses(), info: (await t.ok(ModelInfoDocument)).modelInfo, rows: await t.count('model_version') };
    const error = errorOf(await t.gql(ActivateModelVersionDocument, { version }));
    expect(error).toMatchObject({ code, field: 'version' });
    expect(error.message).toMatch(/^version: /);
    expect({ statuses: await statuses(), info: (await t.ok(ModelInfoDocument)).modelInfo, rows: await t.count('model_version') }).toEqual(before);
  });

  it('modelVersions lists newest first and checks its limit', async () => {
    expect((await t.ok(ModelVersionsDocument, { limit: 2 })).modelVersions.map((v) => v.version)).toEqual([versions.noise, versions.structured]);
    expect(errorOf(await t.gql(ModelVersionsDocument, { limit: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    expect(errorOf(await t.gql(ModelVersionsDocument, { limit: 101 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });
});
