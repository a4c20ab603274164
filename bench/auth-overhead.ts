// What authentication costs single trackInteraction mutations: two API processes side by side in one
// run, both NODE_ENV=development on their own fresh databases, 32 keep-alive connections (autocannon):
//   off: AUTH_DISABLED=true (honoured only in development): no token read, every request admin, the
//        schema built with an auth checker that always allows (type-graphql's middleware still runs),
//        and no query limits (depth, cost, aliases, root fields, tokens) or rate limits;
//   on:  every request sends a service API key (rk_..., looked up in PostgreSQL, then cached), and the
//        rule table checks trackInteraction (service: any user).
// "On" has the request limits (depth/cost/rate) as configured by default, so "on" versus "off" is what
// authentication, authorisation and the limits cost together. Runs alternate off/on (then on/off) so that
// drift on the shared machine falls on both. Prints JSON lines: one per run and side, then the summary
// with the ratio on/off of the medians; target: auth costs at most 10% of throughput.
import { performance } from 'node:perf_hooks';
import { launchApi, type Api } from './lib/api';
import { authHeader } from './lib/auth';
import { runAutocannon, type AutocannonRequest } from './lib/autocannon';
import { GqlClient } from './lib/gql';
import { emit, figure, intArg, progress } from './lib/report';
import { settleStartupRetrain } from './lib/retrain';
import { connectPg, countRows, seedCatalog, type Catalog } from './lib/seed';
import { round, spread } from './lib/stats';

const BENCH = 'auth-overhead';
const MAX_COST = 0.1;
const TRACK = `mutation Track($input: TrackInteractionInput!) { trackInteraction(input: $input) { id } }`;

const runs = intArg('runs', 3);
const connections = intArg('connections', 32);
const requestsPerRun = intArg('requests', 15_000);
const warmupRequests = intArg('warmup', 3_000);

interface Side {
  name: 'off' | 'on';
  api: Api;
  catalog: Catalog;
  headers: Record<string, string>;
}

async function load(side: Side, tag: string, amount: number) {
  let n = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  let last = 0;
  const { catalog } = side;
  const request: AutocannonRequest = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...side.headers },
    setupRequest: (req) => {
      const input = {
        eventId: `${tag}-${n}`,
        userId: catalog.userIds[(n * 7919) % catalog.userIds.length],
        productId: catalog.productIds[(n * 104729) % catalog.productIds.length],
        type: 'VIEW',
        timeSpentSeconds: n % 120,
      };
      n++;
      req.body = JSON.stringify({ query: TRACK, variables: { input } });
      return req;
    },
    onResponse: (status, body) => {
      last = performance.now();
      if (status === 200 && !body.includes('"errors"')) ok++;
      else {
        failed++;
        firstError ??= `${status} ${body.slice(0, 300)}`;
      }
    },
  };
  const start = performance.now();
  const result = await runAutocannon({ url: side.api.graphqlUrl, connections, amount, timeout: 30, requests: [request] });
  const seconds = (last - start) / 1000;
  return { rps: round(ok / seconds), p50: result.latency.p50, p99: result.latency.p99, ok, failed: failed + result.errors + result.timeouts, firstError };
}

async function prepare(name: Side['name'], api: Api): Promise<Side> {
  const admin = new GqlClient(api.graphqlUrl, 1);
  const pg = await connectPg(api.databaseUrl);
  try {
    await settleStartupRetrain(api, admin);
    const catalog = await seedCatalog(admin, pg, { products: 1000, users: 1000 });
    if (name === 'off') return { name, api, catalog, headers: { authorization: '' } };
    const { createApiKey } = await admin.ok<{ createApiKey: { secret: string } }>('mutation { createApiKey(name: "bench", role: service) { secret } }');
    return { name, api, catalog, headers: authHeader(createApiKey.secret) };
  } finally {
    admin.close();
    await pg.end();
  }
}

async function main() {
  const env = { NODE_ENV: 'development', RETRAIN_SCHEDULE_ENABLED: 'false' };
  await launchApi('auth_off', { env: { ...env, AUTH_DISABLED: 'true' } }, (offApi) =>
    launchApi('auth_on', { env }, async (onApi) => {
      const sides = [await prepare('off', offApi), await prepare('on', onApi)];
      for (const side of sides) {
        progress(`warming up auth ${side.name} with ${warmupRequests} requests`);
        await load(side, `warm-${side.name}`, warmupRequests);
      }
      const results: Record<Side['name'], Array<{ rps: number; p50: number; p99: number }>> = { off: [], on: [] };
      let failed = 0;
      for (let run = 1; run <= runs; run++) {
        for (const side of run % 2 ? sides : [...sides].reverse()) {
          const pg = await connectPg(side.api.databaseUrl);
          const before = await countRows(pg, 'interaction');
          const r = await load(side, `run${run}-${side.name}`, requestsPerRun);
          const stored = (await countRows(pg, 'interaction')) - before;
          await pg.end();
          failed += r.failed;
          results[side.name].push(r);
          emit({ bench: BENCH, run, auth: side.name, connections, requests: requestsPerRun, requestsPerSec: r.rps, latencyMs: { p50: r.p50, p99: r.p99 }, ok: r.ok, failed: r.failed, rowsMinusOk: stored - r.ok, firstError: r.firstError });
        }
      }
      const off = spread(results.off.map((r) => r.rps));
      const on = spread(results.on.map((r) => r.rps));
      const ratio = round(on.median / off.median, 3);
      const perRunRatios = results.on.map((r, i) => round(r.rps / results.off[i].rps, 3));
      emit({
        bench: BENCH,
        summary: true,
        connections,
        requestsPerRun,
        requestsPerSecOff: off,
        requestsPerSecOn: on,
        ratioOnOff: ratio,
        perRunRatios,
        latencyP50MsOff: spread(results.off.map((r) => r.p50)),
        latencyP50MsOn: spread(results.on.map((r) => r.p50)),
        failedRequests: failed,
        target: { maxCost: MAX_COST, met: ratio >= 1 - MAX_COST && failed === 0 },
      });
      figure(
        `trackInteraction x${connections}: auth off ${off.median} req/s (${off.min}-${off.max}), on ${on.median} req/s (${on.min}-${on.max}); ` +
          `on/off ${ratio} (per run ${perRunRatios.join(', ')}); cost target <= ${MAX_COST * 100}% ${ratio >= 1 - MAX_COST ? 'MET' : 'MISSED'}`,
      );
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
