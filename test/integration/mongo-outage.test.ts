import {
  CreateUserDocument,
  ModelInfoDocument,
  RetrainModelDocument,
  SimilarProductsDocument,
  TrackInteractionsDocument,
  UpsertProductsDocument,
} from '../generated/graphql';
import { FerretDb } from './ferretdb';
import { errorOf, eventually, TestApp } from './harness';
import { waitForJob } from './retrain-helpers';

let mongo: FerretDb;
let t: TestApp;

beforeAll(async () => {
  mongo = await FerretDb.start();
  t = await TestApp.start({ MONGO_URL: mongo.url, SCHEDULER_POLL_MS: '100', MONGO_CONNECT_TIMEOUT_MS: '500' });
  await t.app.models.startupChecked; // a fresh database: no products, so no start-up training
}, 60_000);
afterAll(async () => {
  await t.close();
  await mongo.stop();
});

it('with MongoDB stopped the API serves recommendations and refuses retrainModel; after a restart it retrains again', async () => {
  const { upsertProducts } = await t.ok(UpsertProductsDocument, {
    inputs: [
      { sku: 'A', name: 'Red Cotton Shirt', category: 'Shirts', price: 20, color: 'red', material: 'cotton' },
      { sku: 'B', name: 'Blue Cotton Shirt', category: 'Shirts', price: 22, color: 'blue', material: 'cotton' },
    ],
  });
  const user = (await t.ok(CreateUserDocument, { input: { email: 'outage@example.com' } })).createUser.id;
  await t.ok(TrackInteractionsDocument, { inputs: [{ userId: user, productId: upsertProducts[0].id, type: 'VIEW' }] });
  const first = await t.ok(RetrainModelDocument, {});
  expect((await waitForJob(t, first.retrainModel.id)).status).toBe('SUCCEEDED');

  await mongo.pause();
  const jobsBefore = await t.count('retrain_job');
  const refused = errorOf(await t.gql(RetrainModelDocument, {}));
  expect(refused.code).toBe('SERVICE_UNAVAILABLE');
  expect(refused.message).toMatch(/MongoDB/);
  expect(await t.count('retrain_job')).toBe(jobsBefore);
  // the active model keeps serving, and so does everything that needs only PostgreSQL
  const similar = await t.ok(SimilarProductsDocument, { productId: upsertProducts[0].id });
  expect(similar.similarProducts.map((r) => r.product.id)).toEqual([upsertProducts[1].id]);
  expect((await t.ok(ModelInfoDocument)).modelInfo).toMatchObject({ status: 'TRAINED', nextScheduledRetrainAt: null });
  const ready = await (await fetch(t.app.url.replace(/\/graphql$/, '/readyz'))).json();
  expect(ready).toMatchObject({ status: 'ready', dependencies: { postgres: 'up', mongodb: 'down' } });

  await mongo.resume();
  // the scheduler reconnects by itself: retrainModel works again without restarting the API
  let jobId = '';
  await eventually(async () => {
    const r = await t.gql(RetrainModelDocument, {});
    jobId = r.data?.retrainModel.id ?? '';
    return jobId !== '';
  }, 'retrainModel to be accepted after MongoDB is back', 30_000);
  const second = await waitForJob(t, jobId);
  expect(second.status).toBe('SUCCEEDED');
  expect(second.modelVersion).toBeGreaterThan((await waitForJob(t, first.retrainModel.id)).modelVersion!);
  expect((await t.ok(ModelInfoDocument)).modelInfo.nextScheduledRetrainAt).not.toBeNull();
}, 90_000);
