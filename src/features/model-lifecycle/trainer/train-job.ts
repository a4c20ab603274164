import { serialize, trainEvaluated, type Evaluation, type ModelStats, type ProductRecord, type TrainingStep, type TrainOptions } from '../../../recommender';
import { interactionRecords, type ColumnarInteractions } from './dataset';

export interface TrainInput {
  products: ProductRecord[];
  interactions: ColumnarInteractions;
  options: TrainOptions;
}

export interface TrainOutput {
  kind: string;
  stats: ModelStats;
  artifact: Uint8Array;
  evaluation: Evaluation | null;
  /** Why there is no evaluation. */
  skipped: string | null;
}

/**
 * The CPU-heavy part of a retrain: the holdout evaluation, then the serving model on the whole window.
 * Pure, so it runs the same in a worker thread or inline.
 */
export function trainToArtifact(input: TrainInput, onStep?: (step: TrainingStep) => void): TrainOutput {
  const interactions = interactionRecords(input.interactions, input.products);
  const { model, evaluation, skipped } = trainEvaluated(input.products, interactions, input.options, {}, onStep);
  return { kind: model.kind, stats: model.stats, artifact: serialize(model), evaluation, skipped };
}

/** What the training worker posts: each step as it begins, then the result. */
export type WorkerMessage = { step: TrainingStep } | { out: TrainOutput };
