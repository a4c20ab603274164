// Training benchmark: wall time and peak RSS of trainEvaluated() (the pure core, no database: the
// holdout evaluation, its candidate and baseline, then the serving model) on synthetic datasets. Each run is a fresh child process, so peak RSS is per run. One JSON line per run, then one
// summary line per size (median and min/max over the runs), then the growth in interactions.
//
//   npm run build
//   node dist-bench/bench/recommender-train.js [--runs=3] [--sizes=10k/100k,100k/250k,100k/500k,100k/1m]
import { fork } from 'node:child_process';
import { trainEvaluated } from '../src/recommender';
import { buildDataset, peakRssMB, type DatasetSize } from './recommender-dataset';
import { arg, emit, figure, intArg } from './lib/report';
import { round, spread } from './lib/stats';

/** products / interactions */
const SIZES: Record<string, DatasetSize> = {
  '10k/100k': { products: 10_000, users: 5_000, interactions: 100_000 },
  '100k/250k': { products: 100_000, users: 50_000, interactions: 250_000 },
  '100k/500k': { products: 100_000, users: 50_000, interactions: 500_000 },
  '100k/1m': { products: 100_000, users: 50_000, interactions: 1_000_000 },
};

interface RunResult {
  bench: 'train';
  products: number;
  users: number;
  interactions: number;
  run: number;
  wallMs: number;
  peakRssMB: number;
  rssBeforeTrainMB: number;
  generateMs: number;
  numUsers: number;
  ndcgAt10: number | null;
  baselineNdcgAt10: number | null;
}

function child(size: DatasetSize, run: number): void {
  const data = buildDataset(size);
  global.gc?.();
  const rssBeforeTrainMB = Math.round(process.memoryUsage().rss / 1048576);
  const started = performance.now();
  const { model, evaluation } = trainEvaluated(data.products, Array.from(data.interactions), { now: data.now });
  const wallMs = performance.now() - started;
  const result: RunResult = {
    bench: 'train',
    ...size,
    run,
    wallMs: round(wallMs),
    peakRssMB: peakRssMB(),
    rssBeforeTrainMB,
    generateMs: round(data.generateMs),
    numUsers: model.stats.numUsers,
    ndcgAt10: evaluation && round(evaluation.ndcgAt10, 4),
    baselineNdcgAt10: evaluation && round(evaluation.baselineNdcgAt10, 4),
  };
  process.send!(result);
}

function runChild(size: DatasetSize, run: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, ['--child', JSON.stringify(size), String(run)], { execArgv: ['--expose-gc'] });
    let result: RunResult | undefined;
    proc.on('message', (m) => (result = m as RunResult));
    proc.on('error', reject);
    proc.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`run exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(JSON.parse(args[1]) as DatasetSize, Number(args[2]));
  const runs = intArg('runs', 3);
  const sizes = arg('sizes', Object.keys(SIZES).join(',')).split(',');
  const medians = new Map<string, number>();
  for (const name of sizes) {
    const size = SIZES[name];
    if (!size) throw new Error(`unknown size ${name} (${Object.keys(SIZES).join(', ')})`);
    const results: RunResult[] = [];
    for (let run = 1; run <= runs; run++) {
      const result = await runChild(size, run);
      emit({ ...result });
      results.push(result);
    }
    const wall = spread(results.map((r) => r.wallMs));
    const rss = spread(results.map((r) => r.peakRssMB));
    medians.set(name, wall.median);
    emit({ bench: 'train', summary: true, ...size, wallMs: wall, peakRssMB: rss });
    figure(`train ${name}: ${wall.median} ms (${wall.min}-${wall.max}, ${runs} runs), peak RSS ${rss.median} MB (${rss.min}-${rss.max})`);
  }
  // Growth with interactions at 100k products: the extra time per 100k interactions.
  const growth = ['100k/250k', '100k/500k', '100k/1m'].filter((s) => medians.has(s));
  for (let i = 1; i < growth.length; i++) {
    const [a, b] = [SIZES[growth[i - 1]], SIZES[growth[i]]];
    const msPer100k = ((medians.get(growth[i])! - medians.get(growth[i - 1])!) / (b.interactions - a.interactions)) * 100_000;
    emit({ bench: 'train-growth', products: a.products, fromInteractions: a.interactions, toInteractions: b.interactions, msPer100kInteractions: round(msPer100k) });
    figure(`growth ${growth[i - 1]} -> ${growth[i]}: ${round(msPer100k)} ms per 100k interactions`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
