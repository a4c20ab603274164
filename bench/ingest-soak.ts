// Ingest soak: 8 clients send single trackInteraction calls for 2 minutes, each a new event with a unique
// eventId, and ~10% of the time re-send an earlier event of theirs unchanged (a client retry). A retrain
// (retrainModel) runs in the middle. At the end the database must hold every acknowledged eventId exactly
// once and nothing else: distinct eventIds acknowledged == rows stored, no eventId stored twice, every
// retry answered with the row its first call got, no errors. Group commit is on (the API's default)
// unless GROUP_COMMIT_WINDOW_MS=0 is in the environment.
//
//   node dist-bench/bench/ingest-soak.js [--seconds=120] [--clients=8] [--retry-percent=10]
import { performance } from 'node:perf_hooks';
import { metricValue } from '../test/support/metrics';
import { withApi } from './lib/api';
import { GqlClient } from './lib/gql';
import { arg, emit, figure, intArg, progress } from './lib/report';
import { settleStartupRetrain } from './lib/retrain';
import { connectPg, seedCatalog, type Catalog } from './lib/seed';
import { percentile, round } from './lib/stats';

const BENCH = 'ingest-soak';
const TRACK = `mutation Track($input: TrackInteractionInput!) { trackInteraction(input: $input) { id eventId } }`;
const RETRAIN = `mutation { retrainModel(days: 30) { id status } }`;
const JOB = `query Job($id: ID!) { retrainJob(id: $id) { status error modelVersion } }`;
const TYPES = ['VIEW', 'VIEW', 'VIEW', 'ADD_TO_CART', 'PURCHASE', 'RATE'] as const;
const PREFIX = 'soak';

const seconds = intArg('seconds', 120);
const clients = intArg('clients', 8);
const retryPercent = Number(arg('retry-percent', '10'));

interface Input {
  eventId: string;
  userId: string;
  productId: string;
  type: (typeof TYPES)[number];
  rating?: number;
  timeSpentSeconds: number;
}

/** What all clients saw, checked against the database at the end. */
class Ledger {
  /** eventId -> the interaction id its first acknowledged call answered. */
  readonly acked = new Map<string, string>();
  sent = 0;
  retries = 0;
  ok = 0;
  /** A retry answered with another row than the first call of its eventId. */
  retryMismatches = 0;
  readonly errors = new Map<string, number>();
  firstError?: string;
  readonly latenciesMs: number[] = [];

  error(kind: string, detail: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    this.firstError ??= detail.slice(0, 300);
  }
}

/** One client: one keep-alive connection, one call at a time, until `until` (performance.now()). */
async function client(no: number, url: string, catalog: Catalog, ledger: Ledger, until: number, rng: () => number): Promise<void> {
  const gql = new GqlClient(url, 1);
  const mine: Input[] = [];
  try {
    for (let n = 0; performance.now() < until; n++) {
      const retry = mine.length > 0 && rng() * 100 < retryPercent;
      let input: Input;
      if (retry) {
        input = mine[Math.floor(rng() * mine.length)];
        ledger.retries++;
      } else {
        const type = TYPES[n % TYPES.length];
        input = {
          eventId: `${PREFIX}-${no}-${n}`,
          userId: catalog.userIds[Math.floor(rng() * catalog.userIds.length)],
          productId: catalog.productIds[Math.floor(rng() * catalog.productIds.length)],
          type,
          ...(type === 'RATE' && { rating: 1 + (n % 5) }),
          timeSpentSeconds: n % 120,
        };
        mine.push(input);
      }
      ledger.sent++;
      const started = performance.now();
      let r;
      try {
        r = await gql.request<{ trackInteraction: { id: string; eventId: string } }>(TRACK, { input });
      } catch (e) {
        ledger.error('transport', (e as Error).message);
        continue;
      }
      ledger.latenciesMs.push(performance.now() - started);
      if (r.status < 200 || r.status > 299 || r.errors?.length || !r.data) {
        const code = r.errors?.[0]?.extensions?.code;
        ledger.error(typeof code === 'string' ? code : `HTTP ${r.status}`, r.body);
        continue;
      }
      ledger.ok++;
      const { id, eventId } = r.data.trackInteraction;
      const first = ledger.acked.get(eventId);
      if (first === undefined) ledger.acked.set(eventId, id);
      else if (first !== id) ledger.retryMismatches++;
    }
  } finally {
    gql.close();
  }
}

/** A small seeded generator (mulberry32), so a run's choices can be repeated. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  await withApi('ingest_soak', async (api) => {
    const gql = new GqlClient(api.graphqlUrl);
    const pg = await connectPg(api.databaseUrl);
    try {
      await settleStartupRetrain(api, gql);
      const catalog = await seedCatalog(gql, pg, { products: 500, users: 500 });
      const batchesBefore = (await metricValue(api.baseUrl, 'recs_interaction_insert_batch_size_count')) ?? 0;
      const rowsBefore = (await metricValue(api.baseUrl, 'recs_interaction_insert_batch_size_sum')) ?? 0;
      progress(`seeded ${catalog.productIds.length} products, ${catalog.userIds.length} users; ${clients} clients for ${seconds} s`);

      const ledger = new Ledger();
      const start = performance.now();
      const until = start + seconds * 1000;
      const load = Promise.all(Array.from({ length: clients }, (_, i) => client(i, api.graphqlUrl, catalog, ledger, until, mulberry32(1000 + i))));

      // Progress every 10 s, and the retrain in the middle of the run.
      const ticker = setInterval(() => {
        emit({ bench: BENCH, t: round((performance.now() - start) / 1000, 1), sent: ledger.sent, ok: ledger.ok, errors: Object.fromEntries(ledger.errors) });
      }, 10_000);
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
      const retrainAt = round((performance.now() - start) / 1000, 1);
      const job = (await gql.ok<{ retrainModel: { id: string; status: string } }>(RETRAIN)).retrainModel;
      progress(`retrain ${job.id} queued at ${retrainAt} s`);
      let retrain: { status: string; error: string | null; modelVersion: number | null } = { status: job.status, error: null, modelVersion: null };
      while (['QUEUED', 'RUNNING'].includes(retrain.status)) {
        await new Promise((r) => setTimeout(r, 500));
        retrain = (await gql.ok<{ retrainJob: typeof retrain }>(JOB, { id: job.id })).retrainJob;
      }
      const retrainDone = round((performance.now() - start) / 1000, 1);
      progress(`retrain ${job.id} ended ${retrain.status} at ${retrainDone} s`);
      await load;
      clearInterval(ticker);
      const elapsed = (performance.now() - start) / 1000;

      const { rows } = await pg.query<{ event_id: string; n: number; ids: string[] }>(
        `select event_id, count(*)::int as n, array_agg(id::text) as ids from interaction where event_id like $1 group by event_id`,
        [`${PREFIX}-%`],
      );
      const storedTwice = rows.filter((r) => r.n > 1).map((r) => r.event_id);
      const storedNotAcked = rows.filter((r) => !ledger.acked.has(r.event_id)).map((r) => r.event_id);
      const stored = new Map(rows.map((r) => [r.event_id, r.ids[0]]));
      const ackedNotStored = [...ledger.acked.keys()].filter((e) => !stored.has(e));
      const ackedOtherRow = [...ledger.acked].filter(([e, id]) => stored.has(e) && stored.get(e) !== id).length;
      const batches = ((await metricValue(api.baseUrl, 'recs_interaction_insert_batch_size_count')) ?? 0) - batchesBefore;
      const batchedRows = ((await metricValue(api.baseUrl, 'recs_interaction_insert_batch_size_sum')) ?? 0) - rowsBefore;
      const errorCount = [...ledger.errors.values()].reduce((s, n) => s + n, 0);
      const passed =
        ledger.acked.size === rows.length && storedTwice.length === 0 && storedNotAcked.length === 0 && ackedNotStored.length === 0 &&
        ackedOtherRow === 0 && ledger.retryMismatches === 0 && errorCount === 0;
      emit({
        bench: BENCH,
        summary: true,
        seconds: round(elapsed, 1),
        clients,
        groupCommitWindowMs: process.env.GROUP_COMMIT_WINDOW_MS ?? 'default (2)',
        sent: ledger.sent,
        retriesSent: ledger.retries,
        ok: ledger.ok,
        requestsPerSec: round(ledger.ok / elapsed),
        latencyMs: { p50: round(percentile(ledger.latenciesMs, 50), 2), p99: round(percentile(ledger.latenciesMs, 99), 2) },
        distinctEventIdsAcked: ledger.acked.size,
        rowsStored: rows.length,
        storedTwice: storedTwice.length,
        storedNotAcked: storedNotAcked.length,
        ackedNotStored: ackedNotStored.length,
        ackedWithOtherRow: ackedOtherRow,
        retryAnsweredOtherRow: ledger.retryMismatches,
        errors: Object.fromEntries(ledger.errors),
        firstError: ledger.firstError,
        inserts: batches,
        meanRowsPerInsert: batches ? round(batchedRows / batches, 2) : null,
        retrain: { queuedAtS: retrainAt, endedAtS: retrainDone, ...retrain },
        passed,
      });
      figure(
        `soak ${round(elapsed)} s x${clients} clients: ${ledger.ok} ok (${round(ledger.ok / elapsed)} req/s, ${ledger.retries} retries), ` +
          `${ledger.acked.size} eventIds acked / ${rows.length} stored, ${storedTwice.length} twice, ${errorCount} errors, ` +
          `retrain ${retrain.status}; ${batches ? round(batchedRows / batches, 2) : '-'} rows/insert: ${passed ? 'PASS' : 'FAIL'}`,
      );
      if (!passed) process.exitCode = 1;
    } finally {
      gql.close();
      await pg.end();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
