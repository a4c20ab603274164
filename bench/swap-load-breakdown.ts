// Companion of swap-latency.ts: where a 100,000-product model load spends its time when it runs on one
// thread (deserializeAsync, the service's path where no compiled worker exists; the built service
// decodes in a worker and only assembles on the serving thread), measured piece by piece in this
// process on a real artifact (generate CLI + retrain CLI on a fresh database), with an event-loop
// stall meter (a 1 ms timer) running during each piece:
//
//   artifact          ModelStore.artifact(version): the 1 MB chunks from PostgreSQL, 4 a query
//   inflateAsync      zlib.inflate with its default chunkSize 16 KB: one libuv pool round trip per 16 KB
//                     of output, each waiting for an event-loop turn (deserializeAsync uses 8 MB chunks)
//   inflateAsyncBig   zlib.inflate with chunkSize = output size (one round trip)
//   inflateSync       zlib.inflateSync (all on the main thread)
//   readState+ctor    deserialize(buf) - inflateSync: copying the typed arrays out, decoding the string
//                     blocks, the id indexes, new HybridModel (deserializeAsync splits this into steps)
//   ctor              new HybridModel(state) alone, building the id -> index Maps (100k products, ~44k users)
//   deserializeAsync  the whole thing, idle and with the event loop kept busy (every turn burns
//                     --busy-turn-ms ms, standing in for an API serving 32 connections)
//
// One JSON line per run, one summary line per piece (median/min/max).
//
//   npx tsc -p tsconfig.build.json
//   node dist/bench/swap-load-breakdown.js [--runs=5] [--busy-turn-ms=3] [--products=100000] [--interactions=1000000] [--users=50000]
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { inflate, inflateSync } from 'node:zlib';
import type { EntityManager } from '@mikro-orm/postgresql';
import { initOrm } from '../src/platform/db/orm';
import { entities } from '../src/app/entities';
import { ModelStore } from '../src/features/model-lifecycle/store/model-store';
import { HybridModel } from '../src/recommender/model';
import { deserialize, deserializeAsync } from '../src/recommender/serialize';
import { generateData, withDatabase } from './lib/cli';
import { retrainOnce } from './lib/model-setup';
import { waitForQuiet } from './lib/quiet';
import { emit, figure, intArg, progress } from './lib/report';
import { round, spread } from './lib/stats';

const BENCH = 'swap-load-breakdown';
const DAYS = 30;
const HEADER_BYTES = 12;
const runs = intArg('runs', 5);
const busyTurnMs = intArg('busy-turn-ms', 3);
const size = { products: intArg('products', 100_000), users: intArg('users', 50_000), interactions: intArg('interactions', 1_000_000), days: DAYS - 1 };

const inflateAsync = promisify(inflate) as (buf: Buffer, opts?: { chunkSize?: number }) => Promise<Buffer>;

/** Longest gap between ticks of a 1 ms timer while fn runs: the longest the event loop was blocked. */
async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; maxStallMs: number; turns: number; value: T }> {
  let last = performance.now();
  let maxStall = 0;
  let turns = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    maxStall = Math.max(maxStall, t - last - 1);
    last = t;
  }, 1);
  let immediates = true;
  const countTurns = () => {
    turns++;
    if (immediates) setImmediate(countTurns);
  };
  setImmediate(countTurns);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  immediates = false;
  clearInterval(timer);
  maxStall = Math.max(maxStall, performance.now() - last - 1);
  return { ms: round(ms), maxStallMs: round(Math.max(0, maxStall)), turns, value };
}

/** Keeps the event loop busy: every turn burns `ms` of CPU (like a serving API), until stop(). */
function busyLoop(ms: number): { stop: () => void } {
  let on = true;
  const spin = () => {
    if (!on) return;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // burn
    }
    setImmediate(spin);
  };
  setImmediate(spin);
  return { stop: () => (on = false) };
}

async function main() {
  await withDatabase('swap_load_breakdown', async (db) => {
    await waitForQuiet('generating data');
    const generated = await generateData(db.url, size);
    await waitForQuiet('training');
    const { version } = await retrainOnce(db.url, DAYS);
    emit({ bench: BENCH, setup: true, generated, version });

    const orm = await initOrm({ entities, databaseUrl: db.url });
    const store = new ModelStore(() => orm.em.fork() as EntityManager);
    const rows = new Map<string, Array<{ ms: number; maxStallMs: number; turns: number }>>();
    const record = (name: string, r: { ms: number; maxStallMs: number; turns: number }, run: number, extra: Record<string, unknown> = {}) => {
      emit({ bench: BENCH, piece: name, run, ms: r.ms, maxStallMs: r.maxStallMs, eventLoopTurns: r.turns, ...extra });
      rows.set(name, [...(rows.get(name) ?? []), r]);
    };
    try {
      for (let run = 1; run <= runs; run++) {
        const quiet = await waitForQuiet(`breakdown run ${run}`);
        progress(`run ${run}/${runs} (load1m ${quiet.load1m})`);
        const art = await timed(() => store.artifact(version));
        const buf = art.value;
        record('artifact', art, run, { MB: round(buf.length / 1048576, 1), load1m: quiet.load1m });
        const payload = buf.subarray(HEADER_BYTES);

        const infl = await timed(() => inflateAsync(payload));
        const rawBytes = infl.value.length;
        record('inflateAsync', infl, run, { outMB: round(rawBytes / 1048576, 1), chunks16k: Math.ceil(rawBytes / 16384) });
        record('inflateAsyncBig', await timed(() => inflateAsync(payload, { chunkSize: rawBytes })), run);
        const sync = await timed(() => inflateSync(payload));
        record('inflateSync', sync, run);
        const whole = await timed(() => deserialize(buf));
        record('readState+ctor', { ms: round(whole.ms - sync.ms), maxStallMs: round(whole.ms - sync.ms), turns: 0 }, run, { deserializeSyncMs: whole.ms });
        const state = (whole.value as HybridModel).state;
        record('ctor', await timed(() => new HybridModel(state)), run);
        record('deserializeAsync', await timed(() => deserializeAsync(buf)), run);

        const busy = busyLoop(busyTurnMs);
        record(`deserializeAsync busy ${busyTurnMs}ms/turn`, await timed(() => deserializeAsync(buf)), run);
        busy.stop();
        const busy2 = busyLoop(busyTurnMs);
        record(`inflateAsyncBig busy ${busyTurnMs}ms/turn`, await timed(() => inflateAsync(payload, { chunkSize: rawBytes })), run);
        busy2.stop();
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await orm.close(true);
    }
    for (const [name, rs] of rows) {
      const ms = spread(rs.map((r) => r.ms));
      const stall = spread(rs.map((r) => r.maxStallMs));
      emit({ bench: BENCH, summary: true, piece: name, ms, maxStallMs: stall, eventLoopTurns: spread(rs.map((r) => r.turns)) });
      figure(`${name}: ${ms.median} ms (min ${ms.min}, max ${ms.max}, ${ms.runs} runs); longest event-loop block ${stall.median} ms (${stall.min}-${stall.max})`);
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
