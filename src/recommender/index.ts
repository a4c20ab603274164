// Public API of the recommender core (pure: no I/O, no database, no GraphQL).
export type {
  HistoryEvent,
  InteractionKind,
  InteractionRecord,
  Model,
  ModelKind,
  ModelStats,
  ProductRecord,
  Recommendation,
  SimilarityKind,
  TrainOptions,
} from './types';
export { EVAL_K, evaluateRanker, holdoutSplit, popularityRanker } from './evaluation';
export type { Holdout, HoldoutOptions, HoldoutUser, Ranker, RankingMetrics } from './evaluation';
export { evaluateTraining, modelRanker, trainEvaluated } from './train-evaluated';
export type { EvaluatedTraining, Evaluation, EvaluationOptions, TrainingStep } from './train-evaluated';
export { trainOn, prepareCatalogue, train } from './train';
export { DAY_MS } from './time';
export { INTERACTION_KINDS, KIND_CODE } from './scoring';
export type { Catalogue } from './train';
export { serialize, deserialize, decodeArtifactParts, transferables, assembleAsync } from './serialize';
export type { DecodedModel, EncodedStrings } from './serialize';
