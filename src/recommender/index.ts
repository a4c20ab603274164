// Public API of the recommender core (pure: no I/O, no database, no GraphQL).
export type {
  InteractionKind,
  InteractionRecord,
  Model,
  ModelKind,
  ModelStats,
  ProductRecord,
  Recommendation,
  TrainOptions,
} from './types';
export { train } from './train';
export { serialize, deserialize, deserializeAsync, decodeArtifact, transferables, assembleAsync } from './serialize';
export type { DecodedModel, EncodedStrings } from './serialize';
