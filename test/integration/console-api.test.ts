import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { print } from 'graphql';
import { Topic } from '../../src/platform/events/pubsub';
import {
  CreateApiKeyDocument,
  InteractionRatesDocument,
  ModelVersionsPageDocument,
  RetrainJobsPageDocument,
  RetrainJobUpdatedDocument,
  RetrainModelDocument,
  RetrainScheduleDocument,
  ShopTotalsDocument,
  TrackInteractionsDocument,
  UserByEmailDocument,
  UserHistoryDocument,
  type RetrainJobUpdatedSubscription,
} from '../generated/graphql';
import { collect, errorOf, eventually, TestApp } from './harness';
import { seedShop, structuredInteractions, type Shop } from './lifecycle-fixtures';
import { waitForJob } from './retrain-helpers';

// What the operator console reads beyond the earlier API: retrain progress (live, also from another
// process), the stored schedule, per-minute event rates, totals, a user's history, paged lists.

const CLI = join(__dirname, '../../dist/src/cli/retrain.js');

let t: TestApp;
let shop: Shop;

beforeAll(async () => {
  t = await TestApp.start({ SCHEDULER_POLL_MS: '100', RETRAIN_CRON: '30 3 * * *', RETRAIN_DAYS: '45' });
  await t.app.models.startupChecked;
  shop = await seedShop(t, 'console');
  await t.ok(TrackInteractionsDocument, { inputs: structuredInteractions(shop, 5) });
});
afterAll(() => t.close());

type Update = RetrainJobUpdatedSubscription['retrainJobUpdated'];

/** The updates of one job, in order, until it finished. */
async function updatesUntilDone(events: ReturnType<typeof collect<RetrainJobUpdatedSubscription>>, id: string): Promise<Update[]> {
  const mine = () => events.events.map((e) => e.retrainJobUpdated).filter((j) => j.id === id);
  await eventually(() => mine().some((j) => j.phase === 'DONE'), `job ${id} to report DONE`, 30_000);
  return mine();
}

function expectProgressInOrder(updates: Update[]) {
  const order: string[] = ['QUEUED', 'READING', 'EVALUATING', 'TRAINING', 'STORING', 'DONE'];
  const phases: string[] = [...new Set(updates.map((u) => u.phase))];
  expect(phases).toEqual(order.filter((p) => phases.includes(p)));
  expect(phases).toEqual(expect.arrayContaining(['READING', 'EVALUATING', 'TRAINING', 'STORING', 'DONE']));
  const fractions = updates.map((u) => u.progress);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  expect(updates.at(-1)).toMatchObject({ status: 'SUCCEEDED', phase: 'DONE', progress: 1, modelVersion: expect.any(Number) });
}

describe('retrainJobUpdated and the progress fields', () => {
  it('a queued retrain reports each phase with a rising fraction, then SUCCEEDED', async () => {
    const events = collect<RetrainJobUpdatedSubscription>(t.wsClient(), print(RetrainJobUpdatedDocument));
    await eventually(() => t.app.events.subscriberCount(Topic.RetrainJobUpdated) >= 1, 'the subscription to attach');
    const { retrainModel } = await t.ok(RetrainModelDocument, { days: 30 });
    expect(retrainModel).toMatchObject({ status: 'QUEUED', phase: 'QUEUED', progress: 0 });
    const updates = await updatesUntilDone(events, retrainModel.id);
    expectProgressInOrder(updates);
    expect(await waitForJob(t, retrainModel.id)).toMatchObject({ status: 'SUCCEEDED', phase: 'DONE', progress: 1 });
    events.dispose();
  });

  it('reaches this API process when another process (the retrain CLI) runs the job, filtered by id', async () => {
    if (!existsSync(CLI)) throw new Error('dist/src/cli/retrain.js is missing: the test command builds it (npm run build)');
    const all = collect<RetrainJobUpdatedSubscription>(t.wsClient(), print(RetrainJobUpdatedDocument));
    const none = collect<RetrainJobUpdatedSubscription>(t.wsClient(), print(RetrainJobUpdatedDocument), { id: '999999' });
    await eventually(() => t.app.events.subscriberCount(Topic.RetrainJobUpdated) >= 2, 'the subscriptions to attach');
    const child = spawn(process.execPath, [CLI, '--days', '30'], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
    expect(code).toBe(0);
    await eventually(() => all.events.some((e) => e.retrainJobUpdated.trigger === 'CLI' && e.retrainJobUpdated.phase === 'DONE'), 'the CLI job to report DONE');
    const id = all.events.find((e) => e.retrainJobUpdated.trigger === 'CLI')!.retrainJobUpdated.id;
    expectProgressInOrder(await updatesUntilDone(all, id));
    expect(none.events).toEqual([]);
    all.dispose();
    none.dispose();
  }, 60_000);

  it('is for admins only: a service key is FORBIDDEN over WebSocket', async () => {
    const { createApiKey } = await t.ok(CreateApiKeyDocument, { name: 'console-svc', role: 'service' });
    const client = t.wsClient({ token: createApiKey.secret });
    const answer = await new Promise<unknown>((resolve) =>
      client.subscribe({ query: print(RetrainJobUpdatedDocument) }, { next: resolve, error: resolve, complete: () => resolve(null) }),
    );
    expect(JSON.stringify(answer)).toMatch(/FORBIDDEN/);
  });
});

describe('the console\'s reads', () => {
  it('retrainSchedule: the cron, time zone, window and next run as the job queue stores them', async () => {
    await eventually(async () => (await t.ok(RetrainScheduleDocument)).retrainSchedule !== null, 'the schedule to be stored');
    const { retrainSchedule } = await t.ok(RetrainScheduleDocument);
    expect(retrainSchedule).toMatchObject({ cron: '30 3 * * *', timeZone: 'UTC', days: 45 });
    const next = new Date(retrainSchedule!.nextRunAt!);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 30]);
    expect(next.getTime()).toBeGreaterThan(Date.now());
  });

  it('interactionRates: every minute and type of the window, counting what just arrived', async () => {
    const before = (await t.ok(InteractionRatesDocument, { minutes: 15 })).interactionRates;
    expect(before).toHaveLength(15 * 4);
    await t.ok(TrackInteractionsDocument, {
      inputs: [
        { userId: shop.users[0], productId: shop.ids['G0-0'], type: 'VIEW' },
        { userId: shop.users[0], productId: shop.ids['G0-1'], type: 'VIEW' },
        { userId: shop.users[1], productId: shop.ids['G1-0'], type: 'PURCHASE' },
      ],
    });
    const { interactionRates } = await t.ok(InteractionRatesDocument, { minutes: 2 });
    expect(interactionRates).toHaveLength(2 * 4);
    const now = interactionRates.slice(-4);
    expect(new Set(now.map((r) => r.minute)).size).toBe(1);
    const count = (type: string) => now.find((r) => r.type === type)!.count;
    expect(count('VIEW')).toBeGreaterThanOrEqual(2);
    expect(count('PURCHASE')).toBeGreaterThanOrEqual(1);
    expect(interactionRates.map((r) => r.minute)).toEqual([...interactionRates.map((r) => r.minute)].sort());
  });

  it('interactionRates refuses a window outside 1-60 minutes, naming the field', async () => {
    for (const minutes of [0, 61]) {
      expect(errorOf(await t.gql(InteractionRatesDocument, { minutes }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minutes' });
    }
  });

  it('userByEmail finds a user whatever the case of the address; an unknown one is null', async () => {
    expect((await t.ok(UserByEmailDocument, { email: 'CONSOLE3@example.com' })).userByEmail).toEqual({ id: shop.users[3], email: 'console3@example.com' });
    expect((await t.ok(UserByEmailDocument, { email: 'nobody@example.com' })).userByEmail).toBeNull();
    expect(errorOf(await t.gql(UserByEmailDocument, { email: ' ' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  it('User.interactions: the latest first, with their products; first is checked', async () => {
    const { user } = await t.ok(UserHistoryDocument, { id: shop.users[2], first: 3 });
    expect(user!.interactions).toHaveLength(3);
    const times = user!.interactions.map((i) => i.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(user!.interactions[0].product.sku).toMatch(/^G2-/);
    expect(errorOf(await t.gql(UserHistoryDocument, { id: shop.users[2], first: 101 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('trainingData.metadata: totals of products, users and interactions in the window', async () => {
    const { metadata } = (await t.ok(ShopTotalsDocument, { days: 30 })).trainingData;
    expect(metadata).toMatchObject({ totalProducts: 50, totalUsers: 25 });
    expect(metadata.totalInteractions).toBeGreaterThanOrEqual(structuredInteractions(shop, 5).length);
  });

  it('retrainJobs and modelVersions page on with `before`; a bad cursor is BAD_USER_INPUT', async () => {
    const jobs = (await t.ok(RetrainJobsPageDocument, { limit: 100 })).retrainJobs.map((j) => j.id);
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect((await t.ok(RetrainJobsPageDocument, { limit: 1, before: jobs[0] })).retrainJobs.map((j) => j.id)).toEqual([jobs[1]]);
    const versions = (await t.ok(ModelVersionsPageDocument, { limit: 100 })).modelVersions.map((v) => v.version);
    expect((await t.ok(ModelVersionsPageDocument, { limit: 100, before: versions[0] })).modelVersions.map((v) => v.version)).toEqual(versions.slice(1));
    expect(errorOf(await t.gql(RetrainJobsPageDocument, { before: 'x' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before' });
    expect(errorOf(await t.gql(ModelVersionsPageDocument, { before: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before' });
  });
});
