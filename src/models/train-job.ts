import { serialize, train, type ModelStats, type ProductRecord, type TrainOptions } from '../recommender';
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
}

/** The CPU-heavy part of a retrain: pure, so it runs the same in a worker thread or inline. */
export function trainToArtifact(input: TrainInput): TrainOutput {
  const model = train(input.products, interactionRecords(input.interactions, input.products), input.options);
  return { kind: model.kind, stats: model.stats, artifact: serialize(model) };
}
