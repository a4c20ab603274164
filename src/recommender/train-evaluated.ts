// A training with its evaluation: the candidate is trained on the holdout's training part and measured
// against the popularity baseline on the same holdout; then the serving model is trained on everything.
import { evaluateRanker, holdoutSplit, popularityRanker, type HoldoutOptions, type RankingMetrics, type Ranker } from './evaluation';
import { trainOn, prepareCatalogue, type Catalogue } from './train';
import type { InteractionRecord, Model, ProductRecord, TrainOptions } from './types';

export interface Evaluation extends RankingMetrics {
  baselineNdcgAt10: number;
  baselineRecallAt10: number;
  baselineHitRateAt10: number;
  baselineCoverage: number;
}

export interface EvaluationOptions extends HoldoutOptions {
  /** Fewer evaluated users than this: no evaluation (default 10). */
  minUsers?: number;
}

export interface EvaluatedTraining {
  model: Model;
  /** null when there was too little data to evaluate; `skipped` then says why. */
  evaluation: Evaluation | null;
  skipped: string | null;
}

export function modelRanker(model: Model): Ranker {
  return (userId, n, exclude) => model.forUser(userId, n, exclude).map((r) => r.productId);
}

export function evaluateTraining(
  catalogue: Catalogue,
  interactions: readonly InteractionRecord[],
  evaluation: EvaluationOptions = {},
): Pick<EvaluatedTraining, 'evaluation' | 'skipped'> {
  const minUsers = evaluation.minUsers ?? 10;
  const holdout = holdoutSplit(interactions, evaluation);
  if (holdout.users.length < minUsers) {
    return {
      evaluation: null,
      skipped: `too little data to evaluate: ${holdout.users.length} users with a held-out interaction (at least ${minUsers} needed)`,
    };
  }
  const numProducts = catalogue.products.length;
  const candidate = evaluateRanker(holdout, modelRanker(trainOn(catalogue, holdout.train)), numProducts);
  const baseline = evaluateRanker(holdout, popularityRanker(holdout.train), numProducts);
  return {
    evaluation: {
      ...candidate,
      baselineNdcgAt10: baseline.ndcgAt10,
      baselineRecallAt10: baseline.recallAt10,
      baselineHitRateAt10: baseline.hitRateAt10,
      baselineCoverage: baseline.coverage,
    },
    skipped: null,
  };
}

/** The two long steps of trainEvaluated, each announced as it begins. */
export type TrainingStep = 'evaluating' | 'training';

export function trainEvaluated(
  products: ProductRecord[],
  interactions: readonly InteractionRecord[],
  options: TrainOptions = {},
  evaluation: EvaluationOptions = {},
  onStep: (step: TrainingStep) => void = () => undefined,
): EvaluatedTraining {
  const catalogue = prepareCatalogue(products, options);
  onStep('evaluating');
  const measured = evaluateTraining(catalogue, interactions, evaluation);
  onStep('training');
  return { model: trainOn(catalogue, interactions), ...measured };
}
