// One offline evaluation: the core's holdout split, then every ranker on the same holdout through
// the core's evaluateRanker.
import { performance } from 'node:perf_hooks';
import {
  evaluateRanker,
  holdoutSplit,
  modelRanker,
  popularityRanker,
  train,
  type InteractionRecord,
  type ProductRecord,
  type Ranker,
  type RankingMetrics,
} from '../../recommender';
import { easeRanker, itemKnnRanker } from '../../recommender/baselines';
import type { Dataset } from './dataset';

export interface EvaluateOptions {
  testFraction: number;
  minInteractions: number;
  neighbours: number;
  easeLambda: number;
  easeMaxItems: number;
}

export type ResultRow =
  | ({ model: string; skipped: null; trainMs: number } & RankingMetrics)
  | { model: string; skipped: string };

export interface EvaluationReport {
  dataset: string;
  products: number;
  users: number;
  interactions: number;
  trainInteractions: number;
  evaluatedUsers: number;
  rows: ResultRow[];
}

export function evaluateDataset(dataset: Dataset, options: EvaluateOptions): EvaluationReport {
  const holdout = holdoutSplit(dataset.interactions, { testFraction: options.testFraction, minInteractions: options.minInteractions });
  const numProducts = dataset.products.length;
  const row = (model: string, built: Timed<Ranker>): ResultRow => ({
    model,
    skipped: null,
    trainMs: built.ms,
    ...evaluateRanker(holdout, built.value, numProducts),
  });
  const products = dataset.productRatingsGiven ? dataset.products : withTrainingRatings(dataset.products, holdout.train);
  const model = timed(() => train(products, holdout.train, { now: latest(holdout.train) }));
  const ease = timed(() => easeRanker(holdout.train, { lambda: options.easeLambda, maxItems: options.easeMaxItems }));
  const rows: ResultRow[] = [
    row(`service model (${model.value.kind})`, { value: modelRanker(model.value), ms: model.ms }),
    row('most popular', timed(() => popularityRanker(holdout.train))),
    row('ItemKNN', timed(() => itemKnnRanker(holdout.train, { neighbours: options.neighbours }))),
    ease.value.ranker === null
      ? { model: 'EASE', skipped: ease.value.skipped }
      : row('EASE', { value: ease.value.ranker, ms: ease.ms }),
  ];
  return {
    dataset: dataset.name,
    products: numProducts,
    users: new Set(dataset.interactions.map((r) => r.userId)).size,
    interactions: dataset.interactions.length,
    trainInteractions: holdout.train.length,
    evaluatedUsers: holdout.users.length,
    rows,
  };
}

interface Timed<T> {
  value: T;
  ms: number;
}

function timed<T>(build: () => T): Timed<T> {
  const started = performance.now();
  const value = build();
  return { value, ms: Math.round(performance.now() - started) };
}

/** Products with avgRating / reviewCount from the training RATE events only (what a review table would hold). */
export function withTrainingRatings(products: readonly ProductRecord[], trainEvents: readonly InteractionRecord[]): ProductRecord[] {
  const sum = new Map<string, number>();
  const count = new Map<string, number>();
  for (const r of trainEvents) {
    if (r.type !== 'RATE' || r.rating === null) continue;
    sum.set(r.productId, (sum.get(r.productId) ?? 0) + r.rating);
    count.set(r.productId, (count.get(r.productId) ?? 0) + 1);
  }
  return products.map((p) => {
    const n = count.get(p.id) ?? 0;
    return { ...p, avgRating: n > 0 ? sum.get(p.id)! / n : null, reviewCount: n };
  });
}

function latest(events: readonly InteractionRecord[]): number {
  let max = -Infinity;
  for (const r of events) if (r.occurredAt > max) max = r.occurredAt;
  return Number.isFinite(max) ? max : Date.now();
}
