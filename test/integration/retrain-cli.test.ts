import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { print } from 'graphql';
import { Topic } from '../../src/platform/events/pubsub';
import {
  ModelInfoDocument,
  ModelRetrainedDocument,
  ModelVersionsDocument,
  RetrainJobsDocument,
  TrackInteractionsDocument,
  type ModelRetrainedSubscription,
} from '../generated/graphql';
import { collect, eventually, TestApp } from './harness';
import { noiseInteractions, seedShop, structuredInteractions } from './lifecycle-fixtures';

// The retrain CLI as a CronJob runs it (the built service, its training worker thread included), next
// to an API process that picks the new version up through LISTEN/NOTIFY.

const CLI = join(__dirname, '../../dist/src/cli/retrain.js');

function retrainCli(databaseUrl: string, days: number): Promise<number | null> {
  if (!existsSync(CLI)) throw new Error('dist/src/cli/retrain.js is missing: the test command builds it (npm run build)');
  const child = spawn(process.execPath, [CLI, '--days', String(days)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

let t: TestApp;

beforeAll(async () => {
  t = await TestApp.start({ RETRAIN_SCHEDULE_ENABLED: 'false', SCHEDULER_POLL_MS: '100' });
  await t.app.models.startupChecked; // a fresh database: no products, so no start-up training
});
afterAll(() => t.close());

it('exits 0 for a version that goes live and 2 for one the promotion gate rejects', async () => {
  const shop = await seedShop(t, 'cli');
  await t.ok(TrackInteractionsDocument, { inputs: structuredInteractions(shop, 20) });
  const events = collect<ModelRetrainedSubscription>(t.wsClient(), print(ModelRetrainedDocument));
  await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.ModelRetrained) >= 1), 'the subscription to attach');

  expect(await retrainCli(t.databaseUrl, 30)).toBe(0);
  const [event] = await events.waitFor(1, 20_000);
  expect(event.modelRetrained).toMatchObject({ trigger: 'CLI', windowDays: 30, evaluation: expect.objectContaining({ evaluatedUsers: 25 }) });
  const served = (await t.ok(ModelInfoDocument)).modelInfo;
  expect(served.version).toBe(event.modelRetrained.version);

  await t.ok(TrackInteractionsDocument, { inputs: noiseInteractions(shop, 2) });
  expect(await retrainCli(t.databaseUrl, 3)).toBe(2);
  const [job] = (await t.ok(RetrainJobsDocument, { limit: 1 })).retrainJobs;
  expect(job).toMatchObject({ trigger: 'CLI', status: 'REJECTED', error: null, rejectionReason: expect.stringMatching(/^NDCG@10 /) });
  const [rejected] = (await t.ok(ModelVersionsDocument, { limit: 1 })).modelVersions;
  expect(rejected).toMatchObject({ version: job.modelVersion, status: 'REJECTED', trigger: 'CLI', rejectionReason: job.rejectionReason });
  expect((await t.ok(ModelInfoDocument)).modelInfo).toEqual(served);
  expect(events.events).toHaveLength(1);
});
