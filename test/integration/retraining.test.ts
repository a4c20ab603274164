import { print } from 'graphql';
import { MongoClient } from 'mongodb';
import { Topic } from '../../src/platform/events/pubsub';
import {
  CreateUserDocument,
  ModelInfoDocument,
  ModelRetrainedDocument,
  PopularProductsDocument,
  RecommendationsForUserDocument,
  RetrainJobDocument,
  RetrainJobsDocument,
  RetrainModelDocument,
  SimilarProductsDocument,
  TrackInteractionsDocument,
  UpsertProductsDocument,
  type ModelRetrainedSubscription,
  type ProductInput,
} from '../generated/graphql';
import { collect, errorOf, eventually, TestApp } from './harness';
import { waitForJob } from './retrain-helpers';

const CATALOG: ProductInput[] = [
  { sku: 'SH-RED-COT', name: 'Red Cotton Shirt', category: 'Shirts', price: 20, gender: 'men', color: 'red', material: 'cotton', size: 'M' },
  { sku: 'SH-BLU-COT', name: 'Blue Cotton Shirt', category: 'Shirts', price: 22, gender: 'men', color: 'blue', material: 'cotton', size: 'M' },
  { sku: 'SH-RED-COT-L', name: 'Red Cotton Shirt L', category: 'Shirts', price: 21, gender: 'men', color: 'red', material: 'cotton', size: 'L' },
  { sku: 'SH-GRN-LIN', name: 'Green Linen Shirt', category: 'Shirts', price: 35, gender: 'men', color: 'green', material: 'linen', size: 'M' },
  { sku: 'DR-BLK-SLK', name: 'Black Silk Dress', category: 'Dresses', price: 90, gender: 'women', color: 'black', material: 'silk', size: 'S' },
  { sku: 'DR-RED-SLK', name: 'Red Silk Dress', category: 'Dresses', price: 85, gender: 'women', color: 'red', material: 'silk', size: 'M' },
  { sku: 'SHOE-RUN', name: 'Grey Running Shoe', category: 'Shoes', price: 120, gender: 'unisex', color: 'grey', material: 'mesh', size: '42' },
  { sku: 'SHOE-TRL', name: 'Black Trail Shoe', category: 'Shoes', price: 130, gender: 'unisex', color: 'black', material: 'mesh', size: '43' },
];

let t: TestApp;
const product: Record<string, string> = {};
const users: string[] = [];

beforeAll(async () => {
  t = await TestApp.start({ SCHEDULER_POLL_MS: '100' });
  await t.app.models.startupChecked; // a fresh database: no products, so no start-up training
});
afterAll(() => t.close());

async function retrainAndWait(days = 30) {
  const { retrainModel } = await t.ok(RetrainModelDocument, { days });
  return waitForJob(t, retrainModel.id);
}

describe('the retraining loop', () => {
  it('starts UNTRAINED; over an empty shop no start-up training is queued', async () => {
    const { modelInfo } = await t.ok(ModelInfoDocument);
    expect(modelInfo).toMatchObject({ status: 'UNTRAINED', version: null, numProducts: 0, numUsers: 0, numInteractions: 0 });
    expect((await t.ok(RetrainJobsDocument, {})).retrainJobs).toEqual([]);
    expect((await t.ok(PopularProductsDocument, {})).popularProducts).toEqual([]);
  });

  it('stores the daily schedule in MongoDB with its cron in UTC', async () => {
    const mongo = new MongoClient(t.mongoUrl);
    try {
      const docs = await mongo.db().collection<{ name: string; type: string; nextRunAt: Date }>('agendaJobs').find({ name: 'retrain-model', type: 'single' }).toArray();
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({ repeatInterval: '0 2 * * *', repeatTimezone: 'UTC', data: { days: 30 } });
      const next = new Date(docs[0].nextRunAt);
      expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([2, 0, 0]);
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
      const { modelInfo } = await t.ok(ModelInfoDocument);
      expect(modelInfo.nextScheduledRetrainAt).toBe(next.toISOString());
    } finally {
      await mongo.close();
    }
  });

  it('RETRAIN_SCHEDULE_ENABLED=false removes the stored schedule; queued retrains still run', async () => {
    const other = await TestApp.start({ MONGO_URL: t.mongoUrl, DATABASE_URL: t.databaseUrl, RETRAIN_SCHEDULE_ENABLED: 'false' });
    const mongo = new MongoClient(t.mongoUrl);
    try {
      await eventually(
        async () => (await mongo.db().collection('agendaJobs').countDocuments({ name: 'retrain-model', type: 'single' })) === 0,
        'the schedule document to be removed',
      );
      expect((await other.ok(ModelInfoDocument)).modelInfo.nextScheduledRetrainAt).toBeNull();
    } finally {
      await mongo.close();
      await other.app.close(); // shares t's databases: do not drop them
    }
    // t registers it again, as any process with the schedule enabled does at start-up
    const again = await TestApp.start({ MONGO_URL: t.mongoUrl, DATABASE_URL: t.databaseUrl });
    const check = new MongoClient(t.mongoUrl);
    try {
      await eventually(
        async () => (await check.db().collection('agendaJobs').countDocuments({ name: 'retrain-model', type: 'single' })) === 1,
        'the schedule document to be registered again',
      );
    } finally {
      await check.close();
      await again.app.close();
    }
  });

  it('telemetry in, retrainModel, modelRetrained over WebSocket, then recommendations from the new model', async () => {
    const { upsertProducts } = await t.ok(UpsertProductsDocument, { inputs: CATALOG });
    for (const p of upsertProducts) product[p.sku] = p.id;
    for (let i = 0; i < 6; i++) {
      users.push((await t.ok(CreateUserDocument, { input: { email: `shopper${i}@example.com` } })).createUser.id);
    }
    // shopper0 bought the red cotton shirt; the others browse a little
    await t.ok(TrackInteractionsDocument, {
      inputs: [
        { userId: users[0], productId: product['SH-RED-COT'], type: 'VIEW' },
        { userId: users[0], productId: product['SH-RED-COT'], type: 'PURCHASE' },
        { userId: users[1], productId: product['SHOE-RUN'], type: 'VIEW' },
        { userId: users[2], productId: product['DR-BLK-SLK'], type: 'VIEW' },
      ],
    });

    const events = collect<ModelRetrainedSubscription>(t.wsClient(), print(ModelRetrainedDocument));
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.ModelRetrained) >= 1), 'the subscription to attach');

    const first = await t.ok(RetrainModelDocument, { days: 30 });
    expect(first.retrainModel).toMatchObject({ status: 'QUEUED', trigger: 'MANUAL', days: 30, startedAt: null, modelVersion: null });
    // while it is queued or running, asking again returns the same job
    const again = await t.ok(RetrainModelDocument, { days: 7 });
    expect(again.retrainModel.id).toBe(first.retrainModel.id);

    const [event] = await events.waitFor(1, 20_000);
    expect(event.modelRetrained).toMatchObject({ trigger: 'MANUAL', windowDays: 30, numProducts: 8, numUsers: 3, numInteractions: 4 });
    const job = await waitForJob(t, first.retrainModel.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', error: null, modelVersion: event.modelRetrained.version });
    expect(new Date(job.finishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(job.startedAt!).getTime());

    const { modelInfo } = await t.ok(ModelInfoDocument);
    expect(modelInfo).toMatchObject({
      status: 'TRAINED',
      version: event.modelRetrained.version,
      kind: expect.stringMatching(/^(content-tfidf|hybrid)$/), // the core's model families
      trigger: 'MANUAL',
      numProducts: 8,
      numUsers: 3,
      numInteractions: 4,
      windowDays: 30,
    });
    expect(modelInfo.trainingDurationMs).toBeGreaterThanOrEqual(0);

    // a shopper who bought X is offered X's neighbours, never X again
    const recs = (await t.ok(RecommendationsForUserDocument, { userId: users[0], n: 3 })).recommendationsForUser;
    expect(recs.map((r) => r.product.sku)).not.toContain('SH-RED-COT');
    expect(recs[0].product.category.name).toBe('Shirts');
    expect(recs[0].reason).toMatch(/Red Cotton Shirt/);
    const similar = (await t.ok(SimilarProductsDocument, { productId: product['SH-RED-COT'], n: 3 })).similarProducts;
    expect(similar.map((r) => r.product.sku)).toEqual(['SH-RED-COT-L', 'SH-BLU-COT', 'SH-GRN-LIN']);
    expect(similar[0].score).toBeGreaterThan(similar[2].score);
    events.dispose();
  });

  it('a product that became popular rises after the next retrain', async () => {
    const before = (await t.ok(PopularProductsDocument, { n: 8 })).popularProducts.map((r) => r.product.sku);
    expect(before[0]).not.toBe('SHOE-TRL');
    await t.ok(TrackInteractionsDocument, {
      inputs: users.flatMap((u) => [
        { userId: u, productId: product['SHOE-TRL'], type: 'VIEW' as const },
        { userId: u, productId: product['SHOE-TRL'], type: 'PURCHASE' as const },
      ]),
    });
    expect((await retrainAndWait()).status).toBe('SUCCEEDED');
    const after = (await t.ok(PopularProductsDocument, { n: 3 })).popularProducts;
    expect(after[0].product.sku).toBe('SHOE-TRL');
    expect(after[0].reason).toBeTruthy();
    // a user without any history is offered popular products
    const fresh = (await t.ok(CreateUserDocument, { input: { email: 'new@example.com' } })).createUser.id;
    const coldStart = (await t.ok(RecommendationsForUserDocument, { userId: fresh, n: 1 })).recommendationsForUser;
    expect(coldStart[0].product.sku).toBe('SHOE-TRL');
  });

  it('a failed retrain is recorded and leaves the serving model untouched', async () => {
    const serving = (await t.ok(ModelInfoDocument)).modelInfo;
    await t.sql('alter table interaction rename to interaction_hidden');
    try {
      const job = await retrainAndWait();
      expect(job).toMatchObject({ status: 'FAILED', modelVersion: null });
      expect(job.error).toMatch(/interaction/);
    } finally {
      await t.sql('alter table interaction_hidden rename to interaction');
    }
    expect((await t.ok(ModelInfoDocument)).modelInfo).toEqual(serving);
    const similar = await t.ok(SimilarProductsDocument, { productId: product['SH-RED-COT'], n: 1 });
    expect(similar.similarProducts[0].product.sku).toBe('SH-RED-COT-L');
  });

  it('retrainJob and retrainJobs show every run, newest first', async () => {
    const { retrainJobs } = await t.ok(RetrainJobsDocument, { limit: 2 });
    expect(retrainJobs.map((j) => j.status)).toEqual(['FAILED', 'SUCCEEDED']);
    expect((await t.ok(RetrainJobDocument, { id: retrainJobs[1].id })).retrainJob).toEqual(retrainJobs[1]);
    expect((await t.ok(RetrainJobDocument, { id: '999999' })).retrainJob).toBeNull();
  });
});

describe('bad recommendation input answers a named error and writes nothing', () => {
  it.each([
    ['similarProducts n 0', () => t.gql(SimilarProductsDocument, { productId: product['SH-RED-COT'], n: 0 }), 'BAD_USER_INPUT', 'n'],
    ['recommendationsForUser n 101', () => t.gql(RecommendationsForUserDocument, { userId: users[0], n: 101 }), 'BAD_USER_INPUT', 'n'],
    ['popularProducts n -1', () => t.gql(PopularProductsDocument, { n: -1 }), 'BAD_USER_INPUT', 'n'],
    ['an unknown product', () => t.gql(SimilarProductsDocument, { productId: '999999' }), 'NOT_FOUND', 'productId'],
    ['an unknown user', () => t.gql(RecommendationsForUserDocument, { userId: '999999' }), 'NOT_FOUND', 'userId'],
    ['retrainModel days 0', () => t.gql(RetrainModelDocument, { days: 0 }), 'BAD_USER_INPUT', 'days'],
    ['retrainJobs limit 0', () => t.gql(RetrainJobsDocument, { limit: 0 }), 'BAD_USER_INPUT', 'limit'],
  ])('%s', async (_name, call, code, field) => {
    const before = { ...(await t.counts()), retrain_job: await t.count('retrain_job'), model_version: await t.count('model_version') };
    expect(errorOf(await call())).toMatchObject({ code, field });
    expect({ ...(await t.counts()), retrain_job: await t.count('retrain_job'), model_version: await t.count('model_version') }).toEqual(before);
  });
});
