// Chooses the hybrid model's parameters by offline evaluation, never on the holdout it reports.
//
//   node dist-bench/bench/tune-hybrid.js [--dataset=movielens-100k] [--data-dir=../shared/data] [--grid=NAME]
//                                  [--base=JSON] [--test]
//
// A dataset of `npm run evaluate` (its adapters), per-user chronological protocol
// (src/recommender/evaluation.ts). The test split is the
// last 20% of each user's ratings; the validation split is the last 20% of what remains. Every grid point
// is trained on validation-train and scored on validation; only the chosen point is then trained on the
// full training part and scored once on the test split, beside most-popular. Prints JSON lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findDataset } from '../src/cli/evaluate/datasets';
import type { Dataset } from '../src/cli/evaluate/dataset';
import {
  evaluateRanker,
  trainOn,
  holdoutSplit,
  modelRanker,
  popularityRanker,
  prepareCatalogue,
  type InteractionRecord,
  type ProductRecord,
  type TrainOptions,
} from '../src/recommender';

function loadDataset(name: string, dataDir: string): Dataset {
  const adapter = findDataset(name);
  if (!adapter) throw new Error(`unknown dataset ${name}`);
  return adapter.parse((file, encoding = 'utf8') => readFileSync(join(dataDir, name, file), encoding));
}

function score(products: ProductRecord[], train: InteractionRecord[], test: ReturnType<typeof holdoutSplit>, options: TrainOptions) {
  const now = train.reduce((max, r) => Math.max(max, r.occurredAt), 0);
  const started = Date.now();
  const model = trainOn(prepareCatalogue(products, { ...options, now }), train);
  const trainMs = Date.now() - started;
  return { ...evaluateRanker(test, modelRanker(model), products.length), trainMs };
}

const GRIDS: Record<string, TrainOptions[]> = {
  walk: cross({ alpha: [0.4, 0.6, 0.8, 1], beta: [0.3, 0.4, 0.5, 0.6, 0.7], behaviourNeighbours: [50, 100, 200] }),
  history: cross({ historyHalfLife: [1, 2, 3, 5, 10, 40], strengthPower: [0, 0.5, 1], historySize: [20, 50, 100] }),
  sequence: cross({ sequenceHalfLife: [2, 5, 10, 20, 1e9], sequenceFloor: [0, 0.1, 0.3] }),
  joint: cross({ sequenceHalfLife: [15, 30, 50], sequenceFloor: [0.05, 0.15], historyHalfLife: [2, 3, 5], alpha: [0.3, 0.5], beta: [0.5, 0.6, 0.7] }),
  penalty: cross({ beta: [0, 0.2, 0.4, 0.6], alpha: [0.3, 0.6, 1], sequenceHalfLife: [30, Infinity] }),
  shrink: cross({ shrink: [0, 1, 3, 10], beta: [0.3, 0.45, 0.6] }),
  final: [{}, { shrink: 50, beta: 0.6 }, { shrink: 20, beta: 0.5 }, { shrink: 10, beta: 0.6 }],
  size: cross({ historySize: [15, 20, 30, 50], behaviourNeighbours: [100, 200] }),
  shrink2: cross({ shrink: [10, 20, 50], beta: [0.4, 0.5, 0.6], alpha: [0.3, 0.6] }),
  blend: cross({ contentWeight: [0, 0.05, 0.1, 0.2, 0.4], behaviourHalfLifeDays: [30, 90, 180, 1e9] }),
};

function cross(axes: Record<string, number[]>): TrainOptions[] {
  return Object.entries(axes).reduce<TrainOptions[]>(
    (points, [key, values]) => points.flatMap((p) => values.map((v) => ({ ...p, [key]: v }))),
    [{}],
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'movielens-100k' },
      'data-dir': { type: 'string', default: join(__dirname, '../../../shared/data') },
      grid: { type: 'string', default: 'walk' },
      base: { type: 'string', default: '{}' },
      test: { type: 'boolean', default: false },
    },
  });
  const { products, interactions } = loadDataset(values.dataset, values['data-dir']);
  const base = JSON.parse(values.base) as TrainOptions;
  const holdout = holdoutSplit(interactions);
  const validation = holdoutSplit(holdout.train);
  if (values.test) {
    // The one look at the test split, for the parameters chosen on validation.
    const model = score(products, holdout.train, holdout, base);
    const popular = evaluateRanker(holdout, popularityRanker(holdout.train), products.length);
    console.log(JSON.stringify({ split: 'test', options: base, model, popular }));
    return;
  }
  let best: { ndcg: number; options: TrainOptions } | undefined;
  for (const point of GRIDS[values.grid]) {
    const options = { ...base, ...point };
    const m = score(products, validation.train, validation, options);
    console.log(JSON.stringify({ split: 'validation', options, ...m }));
    if (!best || m.ndcgAt10 > best.ndcg) best = { ndcg: m.ndcgAt10, options };
  }
  const popular = evaluateRanker(validation, popularityRanker(validation.train), products.length);
  console.log(`# best on validation: ${JSON.stringify(best)}; most popular ${popular.ndcgAt10.toFixed(4)}`);
}

main();
