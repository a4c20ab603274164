// "The retraining loop", target 3: 500 graphql-ws clients (each its own WebSocket) subscribed to
// `modelRetrained { version trainedAt }` on one API process; a retrain (the retrain CLI, a separate
// process) makes a new version; for every client, the delay from the moment the API serves the new model
// to the event arriving. Target: all 500 within 1 s.
//
// "Serving" is the API's own log line 'serving model version' (pino `time`, Date.now() in the API, logged
// right after the swap and right before the publish); the arrival is Date.now() in this process at the
// client's `next`. Both clocks are the machine's wall clock, in ms. Also reported: delay from the NOTIFY
// (a separate `LISTEN model_activated` connection here), which adds the API's model load.
// All 500 are confirmed attached first by polling GET /metrics for
// recs_graphql_subscriptions{topic="MODEL_RETRAINED"} 500. One JSON line per retrain, one summary line.
//
//   npm run bench:build
//   node dist-bench/bench/subscribers-fanout.js [--clients=500] [--runs=5] [--products=10000] [--interactions=100000] [--users=10000]
import type { Client as WsClient } from 'graphql-ws';
import { wsClient } from '../test/support/graphql-ws';
import { metricValue } from '../test/support/metrics';
import { launchApi, servingVersion } from './lib/api';
import { BENCH_ADMIN_KEY } from './lib/auth';
import { prepareTrainedApi, retrainOnce } from './lib/model-setup';
import { ActivationListener } from './lib/notify';
import { waitForQuiet } from './lib/quiet';
import { emit, figure, intArg, progress } from './lib/report';
import { percentile, round, spread } from './lib/stats';

const BENCH = 'subscribers-fanout';
const TARGET_MAX_MS = 1000;
const DAYS = 30;
const SUBSCRIPTION = 'subscription { modelRetrained { version trainedAt } }';
const METRIC = 'recs_graphql_subscriptions{topic="MODEL_RETRAINED"}';

const clients = intArg('clients', 500);
const runs = intArg('runs', 5);
const size = { products: intArg('products', 10_000), users: intArg('users', 10_000), interactions: intArg('interactions', 100_000), days: DAYS - 1 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Arrival times (Date.now()) per version, per client; NaN until it arrives. */
class Arrivals {
  private readonly byVersion = new Map<number, Float64Array>();
  errors = 0;
  firstError?: string;

  record(client: number, version: number): void {
    const now = Date.now();
    let a = this.byVersion.get(version);
    if (!a) this.byVersion.set(version, (a = new Float64Array(clients).fill(NaN)));
    if (Number.isNaN(a[client])) a[client] = now;
  }

  of(version: number): Float64Array {
    return this.byVersion.get(version) ?? new Float64Array(clients).fill(NaN);
  }

  count(version: number): number {
    return this.of(version).filter((t) => !Number.isNaN(t)).length;
  }
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function main() {
  await launchApi('subscribers_fanout', {
    // Every client connects from 127.0.0.1: lift the per-address WebSocket limit (default 20) above the client count.
    env: { RETRAIN_SCHEDULE_ENABLED: 'false', WS_MAX_CONNECTIONS_PER_ADDRESS: String(clients + 10) },
    echo: 'warnings',
  }, async (api) => {
    const { generated, version: first } = await prepareTrainedApi(api, size, DAYS);
    emit({ bench: BENCH, setup: true, generated, modelVersion: first });

    const arrivals = new Arrivals();
    const wsClients: WsClient[] = [];
    const listener = await ActivationListener.start(api.databaseUrl);
    try {
      const t0 = Date.now();
      for (let i = 0; i < clients; i++) {
        const c = wsClient(api.wsUrl, BENCH_ADMIN_KEY);
        wsClients.push(c);
        c.subscribe<{ modelRetrained: { version: number; trainedAt: string } }>(
          { query: SUBSCRIPTION },
          {
            next: (r) => (r.data ? arrivals.record(i, r.data.modelRetrained.version) : arrivals.errors++),
            error: (e) => {
              arrivals.errors++;
              arrivals.firstError ??= String((e as Error)?.message ?? JSON.stringify(e));
            },
            complete: () => undefined,
          },
        );
        if (i % 50 === 49) await sleep(20); // let the handshakes of a batch complete before opening more
      }
      await waitFor(async () => (await metricValue(api.baseUrl, METRIC)) === clients, 60_000, `${clients} attached subscriptions`);
      const attachMs = Date.now() - t0;
      progress(`${clients} subscriptions attached in ${attachMs} ms (${METRIC} ${clients})`);

      let last = first;
      const perRun: Array<{ p50: number; p99: number; max: number; received: number }> = [];
      for (let run = 1; run <= runs; run++) {
        const quiet = await waitForQuiet(`fan-out run ${run}`);
        const attached = await metricValue(api.baseUrl, METRIC);
        const from = api.logs.length;
        progress(`run ${run}: retraining (${attached} attached)`);
        const { run: cli, version } = await retrainOnce(api.databaseUrl, DAYS);
        const served = await api.waitForLog(servingVersion(last), 120_000, from);
        const notify = await listener.next(last, 10_000);
        if ((served.version as number) !== version) throw new Error(`API served ${String(served.version)}, expected ${version}`);
        await waitFor(() => arrivals.count(version) === clients, 30_000, `all ${clients} events of version ${version}`).catch((e: Error) => progress(e.message));
        await sleep(200); // late duplicates or errors, if any
        last = version;

        const times = [...arrivals.of(version)].filter((t) => !Number.isNaN(t));
        const fromServed = times.map((t) => t - served.time);
        const fromNotify = times.map((t) => t - notify.wallAt);
        const rec = {
          bench: BENCH,
          run,
          clients,
          attachedBefore: attached,
          version,
          received: times.length,
          // serving (API log time) -> event arrival, per client
          delayMs: {
            min: Math.min(...fromServed),
            p50: percentile(fromServed, 50),
            p99: percentile(fromServed, 99),
            max: Math.max(...fromServed),
          },
          // NOTIFY received by our listener -> event arrival (includes the API loading the new model)
          fromNotifyMs: { p50: round(percentile(fromNotify, 50)), p99: round(percentile(fromNotify, 99)), max: round(Math.max(...fromNotify)) },
          apiLoadMs: served.loadMs,
          notifyToServedMs: round(served.time - notify.wallAt),
          // when this process read the API's log line, relative to its `time` (pipe + our event loop)
          logReadLagMs: round(served.receivedAt - served.time),
          retrainWallMs: round(cli.wallMs),
          subscriptionErrors: arrivals.errors,
          firstError: arrivals.firstError,
          load1m: quiet.load1m,
          waitedForQuietSec: quiet.waitedSec,
          otherBenchmarksRunning: quiet.busy,
        };
        emit(rec);
        perRun.push({ p50: rec.delayMs.p50, p99: rec.delayMs.p99, max: rec.delayMs.max, received: rec.received });
      }
      const max = spread(perRun.map((r) => r.max));
      const met = perRun.every((r) => r.received === clients && r.max <= TARGET_MAX_MS) && arrivals.errors === 0;
      emit({
        bench: BENCH,
        summary: true,
        clients,
        products: size.products,
        attachMs,
        p50Ms: spread(perRun.map((r) => r.p50)),
        p99Ms: spread(perRun.map((r) => r.p99)),
        maxMs: max,
        allReceived: perRun.every((r) => r.received === clients),
        subscriptionErrors: arrivals.errors,
        target: { allWithinMs: TARGET_MAX_MS, met },
      });
      const p50 = spread(perRun.map((r) => r.p50));
      const p99 = spread(perRun.map((r) => r.p99));
      figure(
        `modelRetrained fan-out to ${clients} subscribers, serve -> arrival: p50 ${p50.median} ms (${p50.min}-${p50.max}), p99 ${p99.median} ms (${p99.min}-${p99.max}), ` +
          `max ${max.median} ms (${max.min}-${max.max}), ${max.runs} runs; target all within ${TARGET_MAX_MS} ms ${met ? 'MET' : 'MISSED'}`,
      );
    } finally {
      await Promise.all(wsClients.map((c) => Promise.resolve(c.dispose()).catch(() => undefined)));
      await listener.close();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
