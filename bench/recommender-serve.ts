// Serving benchmark at 100k products / 1M interactions / 50k users: latency percentiles of
// similar, forUser and popular over random calls, and the size and (de)serialization time of the
// model artifact. One JSON line per run, then one summary line per measurement (median, min/max).
//
//   npm run build
//   node dist-bench/bench/recommender-serve.js [--runs=3] [--calls=20000]
import { deserialize, serialize, train, type Model, type Recommendation } from '../src/recommender';
import { Random } from '../src/synthetic';
import { buildDataset, peakRssMB } from './recommender-dataset';
import { emit, figure, intArg } from './lib/report';
import { round, spread } from './lib/stats';

const SIZE = { products: 100_000, users: 50_000, interactions: 1_000_000 };
const N = 10;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Consumed results, so the JIT cannot drop the calls being timed. */
let sink = 0;

/** Latencies in ms of `calls` calls of fn on randomly drawn keys. */
function latencies(calls: number, keys: string[], rng: Random, fn: (key: string) => Recommendation[]): Record<string, number> {
  const times = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const key = keys[rng.int(keys.length)];
    const t0 = process.hrtime.bigint();
    const recs = fn(key);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    for (const r of recs) sink += r.score + r.reason.length;
  }
  times.sort();
  let sum = 0;
  for (const t of times) sum += t;
  return {
    meanMs: round(sum / calls, 4),
    p50Ms: round(percentile(times, 50), 4),
    p95Ms: round(percentile(times, 95), 4),
    p99Ms: round(percentile(times, 99), 4),
    maxMs: round(times[calls - 1], 4),
  };
}

function sameAnswers(a: Model, b: Model, productIds: string[], userIds: string[]): boolean {
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  return (
    productIds.every((p) => same(a.similar(p, N), b.similar(p, N))) &&
    userIds.every((u) => same(a.forUser(u, N), b.forUser(u, N))) &&
    same(a.popular(100), b.popular(100))
  );
}

function main(): void {
  const runs = intArg('runs', 3);
  const calls = intArg('calls', 20_000);

  const data = buildDataset(SIZE);
  const model = train(data.products, data.interactions, { now: data.now });
  const productIds = data.products.map((p) => p.id);
  // Users drawn as a storefront would: mostly known shoppers, some without history.
  const userIds = [...data.userIds, ...Array.from({ length: 1000 }, (_, i) => `anonymous-${i}`)];

  const rows = new Map<string, Array<Record<string, number>>>();
  const record = (name: string, values: Record<string, number>, run: number) => {
    emit({ bench: name, ...SIZE, calls, n: N, run, ...values });
    rows.set(name, [...(rows.get(name) ?? []), values]);
  };

  for (let run = 1; run <= runs; run++) {
    const rng = new Random(1000 + run);
    // Warm-up so the JIT has compiled the serving paths before timing.
    latencies(2000, productIds, rng, (p) => model.similar(p, N));
    latencies(2000, userIds, rng, (u) => model.forUser(u, N));
    record('serve-similar', latencies(calls, productIds, rng, (p) => model.similar(p, N)), run);
    record('serve-forUser', latencies(calls, userIds, rng, (u) => model.forUser(u, N)), run);
    record('serve-popular', latencies(calls, ['-'], rng, () => model.popular(N)), run);

    let t0 = performance.now();
    const buf = serialize(model);
    const serializeMs = performance.now() - t0;
    t0 = performance.now();
    const copy = deserialize(buf);
    const deserializeMs = performance.now() - t0;
    const sample = (ids: string[]) => Array.from({ length: 500 }, () => ids[rng.int(ids.length)]);
    record(
      'serialize',
      {
        sizeMB: round(buf.length / 1048576, 2),
        serializeMs: round(serializeMs),
        deserializeMs: round(deserializeMs),
        roundTripIdentical: sameAnswers(model, copy, sample(productIds), sample(userIds)) ? 1 : 0,
        peakRssMB: peakRssMB(),
      },
      run,
    );
  }

  for (const [name, values] of rows) {
    const spreads = Object.keys(values[0]).map((key) => [key, spread(values.map((v) => v[key]), 4)] as const);
    emit({ bench: name, summary: true, ...SIZE, ...Object.fromEntries(spreads) });
    figure(`${name}: ${spreads.map(([key, x]) => `${key} ${x.median} (${x.min}-${x.max})`).join(', ')}`);
  }
  if (!Number.isFinite(sink)) throw new Error('a score was not finite');
}

main();
