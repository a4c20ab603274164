// "The retraining loop", target 2: serving over HTTP at 100,000 products with a trained model. 32
// concurrent keep-alive connections (autocannon, in this process) send one query type at a time, each
// request with a random id drawn from the database:
//   similarProducts(productId, n: 10) { score reason product { id name } }
//   recommendationsForUser(userId, n: 10) { score reason product { id name } }
//   popularProducts(n: 10) { score reason product { id name } }
//   { __typename }   (the same server's trivial query: the ceiling the others are compared with)
// Targets: >= 2,000 requests/s each, and similarProducts and recommendationsForUser each >= 0.6x the
// trivial query's rate in the same run; p50/p99 latency and errors (connection errors, timeouts, non-2xx,
// and 200 answers with GraphQL errors) reported.
//
// One fresh API process (bench/lib/api.ts) on a fresh database, filled once with the generate CLI
// (100,000 products / 1,000,000 interactions / 50,000 users) and trained once with the retrain CLI.
// One JSON line per run, one summary line per query.
//
//   npm run bench:build
//   node dist-bench/bench/serve-http.js [--runs=3] [--duration=15] [--warmup=5] [--connections=32] [--queries=typename,similar,forUser,popular]
//                                 [--products=100000] [--interactions=1000000] [--users=50000]
import { withApi } from './lib/api';
import { runAutocannon } from './lib/autocannon';
import { CpuMeter } from './lib/proc';
import { prepareTrainedApi, randomIds } from './lib/model-setup';
import { waitForQuiet } from './lib/quiet';
import { arg, emit, figure, intArg, progress } from './lib/report';
import { connectPg } from './lib/seed';
import { metricValue } from '../test/support/metrics';
import { round, spread } from './lib/stats';

const BENCH = 'serve-http';
const TARGET_RPS = 2000;
const TARGET_RATIO = 0.6;
const DAYS = 30;

const runs = intArg('runs', 3);
const duration = intArg('duration', 15);
const warmup = intArg('warmup', 5);
const connections = intArg('connections', 32);
const size = { products: intArg('products', 100_000), users: intArg('users', 50_000), interactions: intArg('interactions', 1_000_000), days: DAYS - 1 };

const FIELDS = '{ score reason product { id name } }';
const QUERIES: Record<string, { query: string; ids: 'product' | 'app_user' | null }> = {
  similar: { query: `query Similar($id: ID!) { similarProducts(productId: $id, n: 10) ${FIELDS} }`, ids: 'product' },
  forUser: { query: `query ForUser($id: ID!) { recommendationsForUser(userId: $id, n: 10) ${FIELDS} }`, ids: 'app_user' },
  popular: { query: `query Popular { popularProducts(n: 10) ${FIELDS} }`, ids: null },
  typename: { query: '{ __typename }', ids: null },
};

interface Counters {
  gqlErrors: number;
  emptyLists: number;
  firstError?: string;
}

/** Pre-built request bodies, one per id (or one without variables). */
function bodies(query: string, ids: string[] | null): string[] {
  return ids ? ids.map((id) => JSON.stringify({ query, variables: { id } })) : [JSON.stringify({ query })];
}

async function load(url: string, body: string[], seconds: number, counters: Counters) {
  return runAutocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json' },
        body: body[0],
        setupRequest: (req) => ({ ...req, body: body[Math.floor(Math.random() * body.length)] }),
        onResponse: (status, text) => {
          if (status === 200 && !text.includes('"errors"')) {
            if (text.endsWith(':[]}}')) counters.emptyLists++;
            return;
          }
          counters.gqlErrors++;
          counters.firstError ??= `${status} ${text.slice(0, 300)}`;
        },
      },
    ],
  });
}

/** The ranked-list cache's lookups so far (recommendationsForUser): how many answers were ranked during a run. */
async function listLookups(baseUrl: string): Promise<{ hits: number; misses: number }> {
  const count = async (result: string) => (await metricValue(baseUrl, `recs_user_list_cache_lookups_total{result="${result}"}`)) ?? 0;
  return { hits: await count('hit'), misses: await count('miss') };
}

async function main() {
  process.env.RETRAIN_SCHEDULE_ENABLED = 'false'; // no cron retrain inside the API during the measurement
  await withApi('serve_http', async (api) => {
    const { generated, version } = await prepareTrainedApi(api, size, DAYS);
    emit({ bench: BENCH, setup: true, generated, modelVersion: version });
    const ids = { product: await randomIds(api.databaseUrl, 'product', 20_000), app_user: await randomIds(api.databaseUrl, 'app_user', 20_000) };
    const pg = await connectPg(api.databaseUrl);
    const cpu = new CpuMeter(pg, api.database, api.pid);
    const medians = new Map<string, number>();
    try {
      for (const name of arg('queries', 'typename,similar,forUser,popular').split(',')) {
        const q = QUERIES[name];
        if (!q) throw new Error(`unknown query ${name}`);
        const body = bodies(q.query, q.ids ? ids[q.ids] : null);
        await waitForQuiet(`warming up ${name}`);
        progress(`${name}: warm-up ${warmup} s`);
        await load(api.graphqlUrl, body, warmup, { gqlErrors: 0, emptyLists: 0 });
        const perRun: Array<{ rps: number; p50: number; p99: number; errors: number }> = [];
        for (let run = 1; run <= runs; run++) {
          const quiet = await waitForQuiet(`${name} run ${run}`);
          const counters: Counters = { gqlErrors: 0, emptyLists: 0 };
          await cpu.start();
          const lookupsBefore = await listLookups(api.baseUrl);
          const clientCpu = process.cpuUsage();
          const r = await load(api.graphqlUrl, body, duration, counters);
          const client = process.cpuUsage(clientCpu);
          const { apiCpuSec, pgCpuSec } = await cpu.stop();
          const lookupsAfter = await listLookups(api.baseUrl);
          const responses = r['2xx'] + r.non2xx;
          const errors = r.errors + r.timeouts + r.non2xx + counters.gqlErrors;
          const rps = responses / r.duration;
          const rec = {
            bench: BENCH,
            query: name,
            run,
            connections,
            seconds: r.duration,
            requests: responses,
            rps: round(rps),
            latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: round(r.latency.average, 2) },
            errors,
            errorDetail: { connection: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, graphqlErrors: counters.gqlErrors, first: counters.firstError },
            emptyLists: counters.emptyLists,
            userListCache: { hits: lookupsAfter.hits - lookupsBefore.hits, misses: lookupsAfter.misses - lookupsBefore.misses },
            cpuMsPerRequest: { api: round((apiCpuSec * 1000) / responses, 3), postgres: round((pgCpuSec * 1000) / responses, 3), client: round((client.user + client.system) / 1000 / responses, 3) },
            load1m: quiet.load1m,
            waitedForQuietSec: quiet.waitedSec,
            otherBenchmarksRunning: quiet.busy,
          };
          emit(rec);
          perRun.push({ rps: rec.rps, p50: r.latency.p50, p99: r.latency.p99, errors });
        }
        const rps = spread(perRun.map((r) => r.rps));
        const p50 = spread(perRun.map((r) => r.p50));
        const p99 = spread(perRun.map((r) => r.p99));
        const errors = perRun.reduce((s, r) => s + r.errors, 0);
        medians.set(name, rps.median);
        const met = rps.median >= TARGET_RPS && errors === 0;
        emit({ bench: BENCH, summary: true, query: name, connections, products: size.products, rps, p50Ms: p50, p99Ms: p99, errors, target: { rps: TARGET_RPS, errors: 0, met } });
        figure(
          `${name} over HTTP, ${connections} connections: ${rps.median} req/s median (min ${rps.min}, max ${rps.max}, ${rps.runs} runs); ` +
            `p50 ${p50.median} ms (${p50.min}-${p50.max}), p99 ${p99.median} ms (${p99.min}-${p99.max}); errors ${errors}; target ${TARGET_RPS} req/s ${met ? 'MET' : 'MISSED'}`,
        );
      }
      const trivial = medians.get('typename');
      for (const name of ['similar', 'forUser']) {
        const rps = medians.get(name);
        if (trivial === undefined || rps === undefined) continue;
        const ratio = round(rps / trivial, 2);
        emit({ bench: BENCH, ratio: true, query: name, toTypename: ratio, target: { ratio: TARGET_RATIO, met: ratio >= TARGET_RATIO } });
        figure(`${name} / { __typename }: ${ratio}x (target ${TARGET_RATIO}x ${ratio >= TARGET_RATIO ? 'MET' : 'MISSED'})`);
      }
    } finally {
      await pg.end();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
