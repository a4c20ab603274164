import type { Principal } from '../auth';
import type { TrainingDataReader } from './training-data.reader';

/** The part of the per-request context training's resolvers read; app/context.ts builds it. */
export type TrainingContext = {
  auth: Principal;
  training: TrainingDataReader;
};
