import { print } from 'graphql';
import { MongoClient } from 'mongodb';
import { dropDatabase, PG_SERVER, uniqueName, withDatabase } from '../support/database';
import { dropMongoDatabase, MONGO_SERVER } from '../support/mongo';
import {
  CreateUserDocument,
  ModelInfoDocument,
  ModelRetrainedDocument,
  PopularProductsDocument,
  RecommendationsForUserDocument,
  RetrainJobsDocument,
  RetrainModelDocument,
  TrackInteractionsDocument,
  UpsertProductsDocument,
  type ModelRetrainedSubscription,
} from '../generated/graphql';
import { collect, eventually, gqlOk, metric, wsClientFor } from './harness';
import { startApiProcess, type ApiProcess } from './processes';

const name = uniqueName('recs_multi');
const databaseUrl = withDatabase(PG_SERVER, name);
const mongoUrl = withDatabase(MONGO_SERVER, name);
let a: ApiProcess;
let b: ApiProcess;
const clients: ReturnType<typeof wsClientFor>[] = [];

beforeAll(async () => {
  const env = { DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl, SCHEDULER_POLL_MS: '200', LOG_LEVEL: 'info' };
  // started together: they race to create the database, migrate and register the schedule
  [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
  // an empty shop: both decide against a start-up training (before any product exists)
  const decided = (api: ApiProcess) => api.output.join('').includes('no start-up training');
  await eventually(() => decided(a) && decided(b), 'both processes to check for a start-up training');
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
  await Promise.all([a?.stop(), b?.stop()]);
  await dropDatabase(databaseUrl);
  await dropMongoDatabase(mongoUrl);
});

async function noPendingJob(url: string) {
  const { retrainJobs } = await gqlOk(url, RetrainJobsDocument, { limit: 5 });
  return retrainJobs.length > 0 && retrainJobs.every((j) => ['SUCCEEDED', 'FAILED', 'REJECTED'].includes(j.status));
}

it('two API processes on one MongoDB register one schedule, run one retrain, and both serve the new model', async () => {
  expect((await gqlOk(a.url, RetrainJobsDocument, {})).retrainJobs).toEqual([]);

  const mongo = new MongoClient(mongoUrl);
  try {
    expect(await mongo.db().collection('agendaJobs').countDocuments({ name: 'retrain-model', type: 'single' })).toBe(1);
  } finally {
    await mongo.close();
  }

  const { upsertProducts } = await gqlOk(a.url, UpsertProductsDocument, {
    inputs: [
      { sku: 'A', name: 'Red Cotton Shirt', category: 'Shirts', price: 20, color: 'red', material: 'cotton', gender: 'men' },
      { sku: 'B', name: 'Blue Cotton Shirt', category: 'Shirts', price: 22, color: 'blue', material: 'cotton', gender: 'men' },
      { sku: 'C', name: 'Black Silk Dress', category: 'Dresses', price: 90, color: 'black', material: 'silk', gender: 'women' },
    ],
  });
  const user = (await gqlOk(b.url, CreateUserDocument, { input: { email: 'multi@example.com' } })).createUser.id;
  await gqlOk(b.url, TrackInteractionsDocument, { inputs: [{ userId: user, productId: upsertProducts[0].id, type: 'PURCHASE' }] });

  // subscribers on both processes
  const onA = collect<ModelRetrainedSubscription>(wsClientFor(a.wsUrl), print(ModelRetrainedDocument));
  const onB = collect<ModelRetrainedSubscription>(wsClientFor(b.wsUrl), print(ModelRetrainedDocument));
  const sample = 'recs_graphql_subscriptions{topic="MODEL_RETRAINED"}';
  await eventually(async () => (await metric(a.url, sample)) === 1 && (await metric(b.url, sample)) === 1, 'both subscriptions');

  // both processes are asked at once: one job
  const [fromA, fromB] = await Promise.all([gqlOk(a.url, RetrainModelDocument, {}), gqlOk(b.url, RetrainModelDocument, {})]);
  expect(fromA.retrainModel.id).toBe(fromB.retrainModel.id);

  const [eventA] = await onA.waitFor(1, 30_000);
  const [eventB] = await onB.waitFor(1, 30_000);
  expect(eventA.modelRetrained.version).toBe(eventB.modelRetrained.version);
  expect(eventA.modelRetrained).toMatchObject({ trigger: 'MANUAL', numProducts: 3, numInteractions: 1 });

  await eventually(() => noPendingJob(a.url), 'the retrain to finish');
  const jobs = (await gqlOk(a.url, RetrainJobsDocument, {})).retrainJobs;
  expect(jobs.map((j) => [j.trigger, j.status])).toEqual([['MANUAL', 'SUCCEEDED']]);
  for (const api of [a, b]) {
    expect((await gqlOk(api.url, ModelInfoDocument)).modelInfo).toMatchObject({ status: 'TRAINED', version: eventA.modelRetrained.version });
    const recs = (await gqlOk(api.url, RecommendationsForUserDocument, { userId: user, n: 1 })).recommendationsForUser;
    expect(recs[0].product.id).toBe(upsertProducts[1].id);
  }
  // exactly one event each, even a while later
  await new Promise((r) => setTimeout(r, 300));
  expect([onA.events.length, onB.events.length]).toEqual([1, 1]);
  onA.dispose();
  onB.dispose();
}, 90_000);

it('a product changed through one process shows in the other\'s lists at once, not after the cache TTL', async () => {
  const { upsertProducts } = await gqlOk(a.url, UpsertProductsDocument, {
    inputs: [{ sku: 'B', name: 'Blue Cotton Shirt', category: 'Shirts', price: 22, color: 'blue', material: 'cotton', gender: 'men' }],
  });
  const popularName = async (url: string) =>
    (await gqlOk(url, PopularProductsDocument, { n: 3 })).popularProducts.find((r) => r.product.id === upsertProducts[0].id)?.product.name;
  expect(await popularName(b.url)).toBe('Blue Cotton Shirt'); // now in b's product cache (TTL 300 s)
  await gqlOk(a.url, UpsertProductsDocument, {
    inputs: [{ sku: 'B', name: 'Navy Cotton Shirt', category: 'Shirts', price: 22, color: 'blue', material: 'cotton', gender: 'men' }],
  });
  await eventually(async () => (await popularName(b.url)) === 'Navy Cotton Shirt', 'the rename to reach the other process', 5_000);
}, 30_000);
