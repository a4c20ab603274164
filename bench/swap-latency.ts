// "The retraining loop", target 4: serving latency across a model hot swap at 100,000 products. One API
// process serves a trained model (100,000 products / 1,000,000 interactions / 50,000 users) under constant
// closed-loop load (32 connections, similarProducts(productId: random, n: 10) { score reason product { id
// name } }) while a new model is trained by the retrain CLI in a separate process and swapped in (the API
// hears the NOTIFY, loads the new version while the old keeps answering, swaps). Every request's start,
// latency and status is recorded.
//
// Reported per run, for the requests in flight at any time of each window:
//   swap      NOTIFY (a separate LISTEN connection here) -> the API's 'serving model version' log time
//   swap+2s   the same, extended by 2 s after the swap (the old model becomes garbage then)
//   training  retrain CLI spawned -> NOTIFY (the CLI's training competes for the 2 cores)
//   baseline  load start -> retrain CLI spawned
//   overall   the whole run
// Targets: 0 failed and 0 requests > 100 ms in the swap window; overall p99/max reported.
//
// Variants (--variants=continuous,paused): `continuous` keeps the load on all the time; `paused` stops it
// when the retrain CLI starts and resumes it when training is done (the CLI's 'retrain trained' log line;
// it then stores the artifact, ~1 s before the NOTIFY), isolating the swap from the training CPU.
// Inside the API, through /metrics: its event-loop lag (prom-client's, reset by every scrape) and GC
// pauses between the NOTIFY and the end of the swap+2s window (`apiDuringSwap`).
//
//   npm run bench:build
//   node dist-bench/bench/swap-latency.js [--runs=3] [--variants=continuous,paused] [--connections=32]
//                                   [--baseline=5] [--after=5] [--products=100000] [--interactions=1000000] [--users=50000]
import { ClosedLoopLoad, slowest, windowStats, type RequestLog, type WindowStats } from './lib/closed-loop';
import { runCli } from './lib/cli';
import { sampleOf } from '../test/support/metrics';
import { launchApi, servingVersion } from './lib/api';
import { prepareTrainedApi, randomIds } from './lib/model-setup';
import { ActivationListener } from './lib/notify';
import { waitForQuiet } from './lib/quiet';
import { arg, emit, figure, intArg, progress } from './lib/report';
import { retrainPhases, TRAINED } from './lib/retrain-phases';
import { round, spread } from './lib/stats';

const BENCH = 'swap-latency';
const DAYS = 30;
const SLOW_MS = 100;
const EXTEND_MS = 2000;
const QUERY = 'query Similar($id: ID!) { similarProducts(productId: $id, n: 10) { score reason product { id name } } }';

const runs = intArg('runs', 3);
const connections = intArg('connections', 32);
const baselineSec = intArg('baseline', 5);
const afterSec = intArg('after', 5);
const variants = arg('variants', 'continuous,paused').split(',');
const extraNodeArgs = arg('api-node-args', '').split(' ').filter(Boolean);
const size = { products: intArg('products', 100_000), users: intArg('users', 50_000), interactions: intArg('interactions', 1_000_000), days: DAYS - 1 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The API's /metrics text. */
const scrape = async (baseUrl: string) => (await fetch(`${baseUrl}/metrics`)).text();

/** From two scrapes of /metrics: the event-loop lag seen in between (prom-client resets it per scrape) and the GC time spent. */
function apiBetween(before: string, after: string) {
  const gc = (text: string, kind: string) => sampleOf(text, `nodejs_gc_duration_seconds_sum{kind="${kind}"}`) ?? 0;
  const gcCount = (text: string, kind: string) => sampleOf(text, `nodejs_gc_duration_seconds_count{kind="${kind}"}`) ?? 0;
  const kinds = ['major', 'minor', 'incremental', 'weakcb'];
  return {
    eventLoopLagMaxMs: round((sampleOf(after, 'nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000),
    eventLoopLagP99Ms: round((sampleOf(after, 'nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000),
    gc: Object.fromEntries(kinds.map((k) => [k, { ms: round((gc(after, k) - gc(before, k)) * 1000), count: gcCount(after, k) - gcCount(before, k) }])),
  };
}

interface RunOut {
  swap: WindowStats;
  extended: WindowStats;
  overall: WindowStats;
  training: WindowStats;
  loadMs: number;
}

async function main() {
  const nodeArgs = extraNodeArgs;
  await launchApi('swap_latency', { env: { RETRAIN_SCHEDULE_ENABLED: 'false' }, nodeArgs, echo: 'warnings' }, async (api) => {
    const { generated, version: first } = await prepareTrainedApi(api, size, DAYS);
    emit({ bench: BENCH, setup: true, generated, modelVersion: first, apiNodeArgs: nodeArgs });
    const ids = await randomIds(api.databaseUrl, 'product', 20_000);
    const bodies = ids.map((id) => JSON.stringify({ query: QUERY, variables: { id } }));
    const load = new ClosedLoopLoad(api.graphqlUrl, connections, bodies);
    const listener = await ActivationListener.start(api.databaseUrl);
    const results = new Map<string, RunOut[]>();
    try {
      await waitForQuiet('warm-up');
      progress('warm-up 5 s');
      load.begin();
      await sleep(5000);
      await load.end();

      let last = first;
      for (let run = 1; run <= runs; run++) {
        for (const variant of variants) {
          if (variant !== 'continuous' && variant !== 'paused') throw new Error(`unknown variant ${variant}`);
          const quiet = await waitForQuiet(`swap ${variant} run ${run}`);
          progress(`run ${run} ${variant}: baseline ${baselineSec} s, then retrain`);
          const fromLog = api.logs.length;
          load.begin();
          const loadStart = Date.now();
          await sleep(baselineSec * 1000);
          if (variant === 'paused') await load.pause();
          let resumedAt: number | undefined;
          const cliSpawn = Date.now();
          let atNotify: Promise<string> | undefined;
          const notified = listener.next(last, 15 * 60_000).then((n) => {
            atNotify = scrape(api.baseUrl);
            return n;
          });
          const cli = await runCli('retrain', ['--days', String(DAYS)], {
            databaseUrl: api.databaseUrl,
            timeoutMs: 10 * 60_000,
            onLog: (l) => {
              if (variant === 'paused' && l.msg === TRAINED) {
                load.resume();
                resumedAt = Date.now();
              }
            },
          });
          if (cli.code !== 0) throw new Error(`retrain CLI exited with ${cli.code ?? cli.signal}`);
          load.resume(); // in case the line was missed
          const served = await api.waitForLog(servingVersion(last), 120_000, fromLog);
          const notify = await notified;
          const version = served.version as number;
          last = version;
          await sleep(Math.max(0, served.time + EXTEND_MS - Date.now()));
          const apiDuringSwap = apiBetween(await atNotify!, await scrape(api.baseUrl));
          await sleep(Math.max(0, afterSec * 1000 - EXTEND_MS));
          const log: RequestLog = await load.end();
          const loadEnd = Date.now();

          const phases = retrainPhases(cli, notify.wallAt);
          const swapFrom = notify.wallAt;
          const swapTo = served.time;
          const rec = {
            bench: BENCH,
            variant,
            run,
            connections,
            version,
            apiLoadMs: served.loadMs,
            notifyToServedMs: round(swapTo - swapFrom),
            retrain: { wallMs: round(cli.wallMs), trainMs: phases.trainMs, storeMs: phases.storeMs },
            apiDuringSwap,
            resumedBeforeNotifyMs: resumedAt === undefined ? null : round(swapFrom - resumedAt),
            windows: {
              swap: windowStats(log, swapFrom, swapTo, SLOW_MS),
              swapPlus2s: windowStats(log, swapFrom, swapTo + EXTEND_MS, SLOW_MS),
              training: windowStats(log, cliSpawn, swapFrom, SLOW_MS),
              baseline: windowStats(log, loadStart, cliSpawn, SLOW_MS),
              after: windowStats(log, swapTo + EXTEND_MS, loadEnd, SLOW_MS),
              overall: windowStats(log, loadStart, loadEnd, SLOW_MS),
            },
            // the slowest requests around the swap: atMs is the request start relative to the NOTIFY
            slowestAroundSwap: slowest(log, swapFrom - 500, swapTo + EXTEND_MS, swapFrom, 8),
            firstError: load.firstError,
            load1m: quiet.load1m,
            waitedForQuietSec: quiet.waitedSec,
            otherBenchmarksRunning: quiet.busy,
          };
          emit(rec);
          const out = results.get(variant) ?? [];
          out.push({ swap: rec.windows.swap, extended: rec.windows.swapPlus2s, overall: rec.windows.overall, training: rec.windows.training, loadMs: served.loadMs as number });
          results.set(variant, out);
        }
      }
    } finally {
      await load.end().catch(() => undefined);
      load.close();
      await listener.close();
    }

    for (const [variant, out] of results) {
      const s = (f: (r: RunOut) => number) => spread(out.map(f));
      const failed = out.reduce((a, r) => a + r.swap.failed, 0);
      const slow = out.reduce((a, r) => a + r.swap.over100ms, 0);
      const met = failed === 0 && slow === 0;
      emit({
        bench: BENCH,
        summary: true,
        variant,
        connections,
        products: size.products,
        swap: {
          requests: s((r) => r.swap.requests),
          failed: s((r) => r.swap.failed),
          over100ms: s((r) => r.swap.over100ms),
          p99Ms: s((r) => r.swap.p99Ms),
          maxMs: s((r) => r.swap.maxMs),
        },
        swapPlus2s: { failed: s((r) => r.extended.failed), over100ms: s((r) => r.extended.over100ms), p99Ms: s((r) => r.extended.p99Ms), maxMs: s((r) => r.extended.maxMs) },
        training: { over100ms: s((r) => r.training.over100ms), p99Ms: s((r) => r.training.p99Ms), maxMs: s((r) => r.training.maxMs) },
        overall: { requests: s((r) => r.overall.requests), failed: s((r) => r.overall.failed), over100ms: s((r) => r.overall.over100ms), p50Ms: s((r) => r.overall.p50Ms), p99Ms: s((r) => r.overall.p99Ms), maxMs: s((r) => r.overall.maxMs) },
        apiLoadMs: s((r) => r.loadMs),
        target: { failed: 0, over100ms: 0, window: 'NOTIFY -> serving model version', met },
      });
      const sw = s((r) => r.swap.maxMs);
      const ov = s((r) => r.overall.p99Ms);
      figure(
        `swap (${variant}, ${connections} connections): in the NOTIFY->served window ${failed} failed, ${slow} > ${SLOW_MS} ms over ${out.length} runs; ` +
          `window max ${sw.median} ms (${sw.min}-${sw.max}); overall p99 ${ov.median} ms (${ov.min}-${ov.max}); target ${met ? 'MET' : 'MISSED'}`,
      );
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
