import { Client as PgClient } from 'pg';
import { TrackInteractionDocument, type TrackInteractionInput } from '../generated/graphql';
import { seed } from './fixtures';
import { errorOf, eventually, metric, TestApp, type GqlResult } from './harness';

// Single trackInteraction calls share inserts (group commit). A wide window makes "concurrent" reliable
// on a loaded machine: every call of a test is sent well within one window.
const WINDOW_MS = 150;
const BATCHES = 'recs_interaction_insert_batch_size_count';
const ROWS = 'recs_interaction_insert_batch_size_sum';

let t: TestApp;
let ids: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  t = await TestApp.start({ GROUP_COMMIT_WINDOW_MS: String(WINDOW_MS) });
  ids = await seed(t);
});
afterAll(() => t.close());

const view = (over: Partial<TrackInteractionInput> = {}): TrackInteractionInput => ({
  userId: ids.users.alice,
  productId: ids.products.shirtRed,
  type: 'VIEW',
  ...over,
});

const track = (input: TrackInteractionInput) => t.gql(TrackInteractionDocument, { input });

/** Inserts and rows written so far, from /metrics. */
async function inserts() {
  return { batches: await metric(t.app.url, BATCHES), rows: await metric(t.app.url, ROWS) };
}

async function storedEventIds(prefix: string): Promise<string[]> {
  const rows = await t.sql<{ event_id: string }>(`select event_id from interaction where event_id like $1 order by event_id`, [`${prefix}%`]);
  return rows.map((r) => r.event_id);
}

describe('group commit of single trackInteraction calls', () => {
  it('stores N concurrent calls in fewer inserts, each row once, each caller answered with its own row', async () => {
    const before = await inserts();
    const inputs = Array.from({ length: 40 }, (_, i) => view({ eventId: `many-${String(i).padStart(2, '0')}`, timeSpentSeconds: i }));
    const answers = await Promise.all(inputs.map(track));
    for (const [i, r] of answers.entries()) {
      expect(r.errors).toBeUndefined();
      expect(r.data!.trackInteraction).toMatchObject({ eventId: inputs[i].eventId, timeSpentSeconds: i });
    }
    const after = await inserts();
    expect(after.rows - before.rows).toBe(40);
    expect(after.batches - before.batches).toBeLessThan(40);
    expect(await storedEventIds('many-')).toEqual(inputs.map((i) => i.eventId));
    expect(new Set(answers.map((r) => r.data!.trackInteraction.id)).size).toBe(40);
  });

  it('answers calls without eventId each with its own row', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => track(view({ timeSpentSeconds: 1000 + i, sessionId: `no-id-${i}` }))));
    answers.forEach((r, i) => expect(r.data!.trackInteraction).toMatchObject({ eventId: null, timeSpentSeconds: 1000 + i, sessionId: `no-id-${i}` }));
    expect(new Set(answers.map((r) => r.data!.trackInteraction.id)).size).toBe(12);
  });

  it('stores concurrent duplicates by eventId once and answers both callers with that row', async () => {
    const input = view({ eventId: 'dup-1', timeSpentSeconds: 7 });
    const [a, b, c] = await Promise.all([track(input), track(input), track(view({ eventId: 'dup-2' }))]);
    expect(a.errors).toBeUndefined();
    expect(b.data).toEqual(a.data);
    expect(c.data!.trackInteraction.eventId).toBe('dup-2');
    expect(await storedEventIds('dup-')).toEqual(['dup-1', 'dup-2']);
    // a later retry (another batch) answers the same first row
    expect((await track(input)).data).toEqual(a.data);
    // the same eventId of another user is another event
    const bob = await track(view({ eventId: 'dup-1', userId: ids.users.bob }));
    expect(bob.data!.trackInteraction).toMatchObject({ eventId: 'dup-1', userId: ids.users.bob });
  });

  it('fails only the call with an unknown product or user, NOT_FOUND naming its field; the others are stored', async () => {
    const before = await inserts();
    const good = Array.from({ length: 6 }, (_, i) => view({ eventId: `fk-good-${i}` }));
    const [badProduct, badUser, ...rest] = await Promise.all([
      track(view({ eventId: 'fk-bad-product', productId: '999999' })),
      track(view({ eventId: 'fk-bad-user', userId: '888888' })),
      ...good.map(track),
    ]);
    expect(errorOf(badProduct)).toMatchObject({ code: 'NOT_FOUND', field: 'input.productId' });
    expect(badProduct.errors![0].message).toMatch(/999999/);
    expect(errorOf(badUser)).toMatchObject({ code: 'NOT_FOUND', field: 'input.userId' });
    for (const r of rest) expect(r.errors).toBeUndefined();
    expect(await storedEventIds('fk-')).toEqual(good.map((g) => g.eventId).sort());
    // each was offered to the group commit once (the row-by-row redo of a failed batch is not counted again)
    const after = await inserts();
    expect(after.rows - before.rows).toBe(8);
  });

  it('a bad input fails its own call before it joins a batch', async () => {
    const [bad, good] = await Promise.all([track(view({ type: 'RATE', eventId: 'val-bad' })), track(view({ eventId: 'val-good' }))]);
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rating' });
    expect(good.errors).toBeUndefined();
    expect(await storedEventIds('val-')).toEqual(['val-good']);
  });

  it('a connection killed mid-insert fails every call of that insert, none succeeds, nothing is stored; a retry then stores each once', async () => {
    const locker = new PgClient({ connectionString: t.databaseUrl });
    await locker.connect();
    try {
      // Hold the table so the group commit's insert waits on the lock, then kill the backend running it.
      await locker.query('begin');
      await locker.query('lock table interaction in share mode');
      const lockerPid = (await locker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
      const before = await inserts();
      const inputs = Array.from({ length: 15 }, (_, i) => view({ eventId: `killed-${String(i).padStart(2, '0')}` }));
      const settled: Array<GqlResult<unknown> | undefined> = inputs.map(() => undefined);
      const calls = inputs.map((input, i) => track(input).then((r) => (settled[i] = r)));

      const blocked = async () =>
        (await locker.query<{ pid: number }>('select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [lockerPid])).rows;
      await eventually(async () => (await blocked()).length > 0, 'the group-commit insert to wait on the lock');
      expect((await inserts()).batches - before.batches).toBeGreaterThanOrEqual(1);
      expect(settled.every((r) => r === undefined)).toBe(true);

      // Kill every insert that waits (on a loaded machine the calls may have formed more than one batch).
      const all = Promise.all(calls);
      let done = false;
      void all.then(() => (done = true));
      while (!done) {
        for (const { pid } of await blocked()) await locker.query('select pg_terminate_backend($1)', [pid]);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await inserts()).rows - before.rows).toBe(15);
      for (const r of settled) {
        expect(r!.data ?? null).toBeNull();
        expect(errorOf(r!)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      }
      await locker.query('rollback');
      expect(await storedEventIds('killed-')).toEqual([]);

      // the promise on failure: maybe not stored, so retry with the same eventIds; each is stored once
      const retried = await Promise.all([...inputs, ...inputs].map(track));
      for (const r of retried) expect(r.errors).toBeUndefined();
      expect(await storedEventIds('killed-')).toEqual(inputs.map((i) => i.eventId));
    } finally {
      await locker.end();
    }
  });
});

describe('group commit off (GROUP_COMMIT_WINDOW_MS=0)', () => {
  let off: TestApp;
  let offIds: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    off = await TestApp.start({ GROUP_COMMIT_WINDOW_MS: '0' });
    offIds = await seed(off);
  });
  afterAll(() => off.close());

  it('writes each call in its own insert with the same answers', async () => {
    const input = (over: Partial<TrackInteractionInput>): TrackInteractionInput => ({ userId: offIds.users.alice, productId: offIds.products.dress, type: 'VIEW', ...over });
    const send = (i: TrackInteractionInput) => off.gql(TrackInteractionDocument, { input: i });
    const before = await metric(off.app.url, BATCHES);
    const [a, b, bad] = await Promise.all([send(input({ eventId: 'off-1' })), send(input({ eventId: 'off-1' })), send(input({ productId: '999999' }))]);
    expect(b.data).toEqual(a.data);
    expect(errorOf(bad)).toMatchObject({ code: 'NOT_FOUND', field: 'input.productId' });
    expect((await metric(off.app.url, BATCHES)) - before).toBe(3);
    expect(await off.sql(`select 1 from interaction where event_id = 'off-1'`)).toHaveLength(1);
  });
});

describe('group commit at shutdown', () => {
  it('answers and stores the calls still pending when the app closes', async () => {
    const app = await TestApp.start({ GROUP_COMMIT_WINDOW_MS: '1000' });
    try {
      const appIds = await seed(app);
      const inputs = Array.from({ length: 5 }, (_, i) => ({ userId: appIds.users.bob, productId: appIds.products.shoe, type: 'VIEW' as const, eventId: `shutdown-${i}` }));
      const calls = inputs.map((input) => app.gql(TrackInteractionDocument, { input }));
      // the requests reach the server well within their 1 s window; then the app closes
      await new Promise((r) => setTimeout(r, 400));
      const closing = app.app.close();
      const answers = await Promise.all(calls);
      for (const r of answers) expect(r.errors).toBeUndefined();
      await closing;
      const stored = await app.sql<{ n: number }>(`select count(*)::int as n from interaction where event_id like 'shutdown-%'`);
      expect(stored[0].n).toBe(5);
    } finally {
      await app.close();
    }
  });
});
