import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { dropDatabase } from '../../src/platform/db/admin';
import { RetrainJobsDocument, RetrainModelDocument, UpsertProductsDocument } from '../generated/graphql';
import { eventually, gqlOk, TestApp, uniqueName, withDatabase } from './harness';
import { startApiProcess, type ApiProcess } from './processes';
import { waitForJob } from './retrain-helpers';

const PRODUCTS = [
  { sku: 'FR-1', name: 'Red Cotton Shirt', category: 'Shirts', price: 20, color: 'red', material: 'cotton' },
  { sku: 'FR-2', name: 'Blue Cotton Shirt', category: 'Shirts', price: 22, color: 'blue', material: 'cotton' },
];
const NO_STARTUP_TRAINING = 'no start-up training: the catalogue has no products yet';

/** pino's JSON lines of a process's output. */
const logLines = (api: ApiProcess) =>
  api.output.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string });

describe('the first start on a fresh database', () => {
  const name = uniqueName('recs_first_run');
  const env = {
    DATABASE_URL: withDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', name),
    MONGO_URL: withDatabase(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27017/test', name),
    SCHEDULER_POLL_MS: '200',
    LOG_LEVEL: 'info',
  };
  const started: ApiProcess[] = [];
  const start = async () => {
    const api = await startApiProcess(env);
    started.push(api);
    return api;
  };

  afterAll(async () => {
    await Promise.all(started.map((api) => api.stop()));
    await dropDatabase(env.DATABASE_URL);
    const mongo = new MongoClient(env.MONGO_URL);
    await mongo.db().dropDatabase().finally(() => mongo.close());
  });

  it('logs one info line for the empty catalogue, records no retrain job and logs no error', async () => {
    const api = await start();
    await eventually(() => logLines(api).some((l) => l.msg.startsWith(NO_STARTUP_TRAINING)), 'the start-up check');
    expect((await gqlOk(api.url, RetrainJobsDocument, {})).retrainJobs).toEqual([]);
    const lines = logLines(api);
    expect(lines.filter((l) => l.msg.startsWith(NO_STARTUP_TRAINING)).map((l) => l.level)).toEqual([30]);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    // what the README says needs the internet: the Sandbox page loads its code from Apollo's CDN
    const page = await (await fetch(api.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('https://embeddable-sandbox.cdn.apollographql.com/');
    expect(page).toContain('Apollo Sandbox cannot be loaded');
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain('"Apollo Sandbox cannot be loaded"');
    expect(readme).toMatch(/first `npm run services`[^.]*builds FerretDB 1\.24\.2 from the Go module proxy/);
    await gqlOk(api.url, UpsertProductsDocument, { inputs: PRODUCTS });
    expect(await api.stop()).toBe(0);
  }, 60_000);

  it('the next start, now with products and still no model, trains once', async () => {
    const api = await start();
    await eventually(async () => (await gqlOk(api.url, RetrainJobsDocument, {})).retrainJobs[0]?.status === 'SUCCEEDED', 'the start-up training', 30_000);
    const { retrainJobs } = await gqlOk(api.url, RetrainJobsDocument, {});
    expect(retrainJobs.map((j) => [j.trigger, j.status])).toEqual([['STARTUP', 'SUCCEEDED']]);
  }, 60_000);
});

it('retrainModel on an empty catalogue still answers with a job that fails saying why', async () => {
  const t = await TestApp.start({ SCHEDULER_POLL_MS: '100' });
  try {
    await t.app.models.startupChecked;
    const { retrainModel } = await t.ok(RetrainModelDocument, { days: 30 });
    expect(retrainModel.status).toBe('QUEUED');
    const job = await waitForJob(t, retrainModel.id);
    expect(job).toMatchObject({ trigger: 'MANUAL', status: 'FAILED', error: 'there are no products to train on', modelVersion: null });
  } finally {
    await t.close();
  }
});
