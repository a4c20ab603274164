// Interrupted retrains recover: a RUNNING job whose process died (a foreign owner whose heartbeat
// stopped) is FAILED by the next API process at start-up or by any process's periodic check, a QUEUED
// job the job queue lost is queued again; and artifacts beyond MODEL_RETENTION versions are pruned.
import { dropMongoDatabase, MONGO_SERVER } from '../support/mongo';
import { loadConfig } from '../../src/platform/config';
import { initOrm } from '../../src/platform/db/orm';
import { entities } from '../../src/app/entities';
import { createLogger } from '../../src/platform/logger';
import { ModelStore } from '../../src/features/model-lifecycle/store/model-store';
import { createApp, type App } from '../../src/app/server';
import {
  ActivateModelVersionDocument,
  ModelArtifactsDocument,
  ModelInfoDocument,
  RetrainJobDocument,
  RetrainModelDocument,
  TrackInteractionsDocument,
} from '../generated/graphql';
import { seed } from './fixtures';
import { errorOf, eventually, TEST_ADMIN_KEY, TEST_JWT_SECRET, TestApp, uniqueName, withDatabase } from './harness';
import { waitForJob } from './retrain-helpers';

let t: TestApp;

beforeAll(async () => {
  // this process's own periodic check stays out of the way (60 s); the siblings below do the recovering
  t = await TestApp.start({ SCHEDULER_POLL_MS: '100', RETRAIN_HEARTBEAT_MS: '60000', MODEL_RETENTION: '2' });
  await t.app.models.startupChecked; // a fresh database: no products, so no start-up training
});
afterAll(() => t.close());

/** Another API process on the same PostgreSQL database, with a MongoDB database of its own. */
async function sibling(env: Record<string, string>): Promise<{ app: App; close: () => Promise<void> }> {
  const mongoUrl = withDatabase(MONGO_SERVER, uniqueName());
  const config = loadConfig({
    NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: t.databaseUrl, MONGO_URL: mongoUrl,
    MONGO_CONNECT_TIMEOUT_MS: '1500', AGENDA_LOCK_LIFETIME_MS: '1000', SCHEDULER_POLL_MS: '100',
    ADMIN_API_KEY: TEST_ADMIN_KEY, JWT_SECRET: TEST_JWT_SECRET, ...env,
  });
  const app = await createApp(config, createLogger(config.logLevel));
  return {
    app,
    async close() {
      await app.close();
      await dropMongoDatabase(mongoUrl);
    },
  };
}

/** A retrain_job row as a process that died mid-training leaves it. */
async function insertJob(status: 'RUNNING' | 'QUEUED', heartbeatAgoMs: number): Promise<string> {
  const running = status === 'RUNNING';
  const [row] = await t.sql<{ id: string }>(
    `insert into retrain_job (status, trigger, days, queued_at, started_at, owner, heartbeat_at)
     values ($1::retrain_job_status, 'MANUAL', 30, now() - interval '10 minutes', $2::timestamptz, $3::text, $4::timestamptz)
     returning id::text as "id"`,
    [status, running ? new Date(Date.now() - 5 * 60_000) : null, running ? 'gone-host:4242:deadbeef' : null,
      running ? new Date(Date.now() - heartbeatAgoMs) : null],
  );
  return row.id;
}

const statusOf = async (id: string) => (await t.ok(RetrainJobDocument, { id })).retrainJob!;

describe('interrupted retrains', () => {
  it('the start-up sweep of a new API process fails a RUNNING job whose owner stopped its heartbeat', async () => {
    const id = await insertJob('RUNNING', 5 * 60_000);
    // still blocking: this process's own check is 60 s away
    expect((await statusOf(id)).status).toBe('RUNNING');
    const b = await sibling({ RETRAIN_HEARTBEAT_MS: '60000' });
    try {
      const job = await statusOf(id);
      expect(job.status).toBe('FAILED');
      expect(job.error).toMatch(/^interrupted: the process running it \(gone-host:4242:deadbeef\) stopped reporting/);
      expect(job.finishedAt).not.toBeNull();
      // and the slot is free: a new retrain is queued (and runs) rather than the dead one returned
      const { retrainModel } = await t.ok(RetrainModelDocument, { days: 30 });
      expect(retrainModel.id).not.toBe(id);
      await waitForJob(t, retrainModel.id);
    } finally {
      await b.close();
    }
  });

  it('the periodic check fails a job once its heartbeat is 3 intervals old, not before', async () => {
    const b = await sibling({ RETRAIN_HEARTBEAT_MS: '200' });
    try {
      const id = await insertJob('RUNNING', 0); // heartbeat fresh: alive for now
      await new Promise((r) => setTimeout(r, 250));
      expect((await statusOf(id)).status).toBe('RUNNING');
      await eventually(async () => (await statusOf(id)).status === 'FAILED', 'the dead job FAILED', 5000);
      expect((await statusOf(id)).error).toMatch(/^interrupted/);
    } finally {
      await b.close();
    }
  });

  it('a QUEUED job that the job queue no longer holds is queued again and runs', async () => {
    const b = await sibling({ RETRAIN_HEARTBEAT_MS: '200' });
    try {
      // queued long ago, but MongoDB has no entry for it (the sibling's database is new)
      const id = await insertJob('QUEUED', 0);
      const job = await waitForJob(t, id, 10_000);
      expect(job.startedAt).not.toBeNull();
      expect(job).toMatchObject({ status: 'FAILED', error: 'there are no products to train on' }); // it ran: the shop is empty
    } finally {
      await b.close();
    }
  });
});

describe('model artifact retention (MODEL_RETENTION=2)', () => {
  const artifacts = async () => (await t.ok(ModelArtifactsDocument, { limit: 100 })).modelVersions;
  const chunkVersions = async () =>
    (await t.sql<{ version: number }>(`select distinct version from model_artifact_chunk order by version`)).map((r) => r.version);
  const versions: number[] = [];

  beforeAll(async () => {
    const ids = await seed(t);
    await t.ok(TrackInteractionsDocument, {
      inputs: [ids.products.shirtRed, ids.products.dress, ids.products.shoe].map((productId) => ({ userId: ids.users.alice, productId, type: 'VIEW' as const })),
    });
    for (let i = 0; i < 4; i++) {
      const job = await waitForJob(t, (await t.ok(RetrainModelDocument, { days: 30 })).retrainModel.id);
      expect(job.status).toBe('SUCCEEDED');
      versions.push(job.modelVersion!);
    }
  });

  it('keeps the artifacts of the newest 2 versions (the live one among them); older rows stay, marked pruned', async () => {
    const [v1, v2, v3, v4] = versions;
    const listed = await artifacts();
    expect(listed.map((v) => [v.version, v.status, v.artifactPrunedAt !== null])).toEqual([
      [v4, 'ACTIVE', false],
      [v3, 'RETIRED', false],
      [v2, 'RETIRED', true],
      [v1, 'RETIRED', true],
    ]);
    expect(await chunkVersions()).toEqual([v3, v4]);
    expect((await t.ok(ModelInfoDocument)).modelInfo.version).toBe(v4);
  });

  it('activateModelVersion of a pruned version is BAD_USER_INPUT and changes nothing; a kept one still activates', async () => {
    const [, v2, v3] = versions;
    const r = await t.gql(ActivateModelVersionDocument, { version: v2 });
    expect(errorOf(r)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(errorOf(r).message).toMatch(/pruned/);
    expect((await t.ok(ModelInfoDocument)).modelInfo.version).toBe(versions[3]);
    expect((await t.ok(ActivateModelVersionDocument, { version: v3 })).activateModelVersion.status).toBe('ACTIVE');
    expect((await t.ok(ModelInfoDocument)).modelInfo.version).toBe(v3);
  });

  it('the live version keeps its artifact even when older than the newest MODEL_RETENTION', async () => {
    const [, , v3, v4] = versions;
    const orm = await initOrm({ entities, databaseUrl: t.databaseUrl });
    try {
      const store = new ModelStore(() => orm.em.fork());
      expect(await store.pruneArtifacts(1)).toEqual([]); // v4 is the newest, v3 the live one
      expect(await chunkVersions()).toEqual([v3, v4]);
    } finally {
      await orm.close();
    }
  });
});
