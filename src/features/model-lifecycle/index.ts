// Public API of the model lifecycle: job queue, trainer, evaluation and promotion gate, model store,
// the active model with its hot swap, and their GraphQL resolvers.
export { createModelLifecycle, createRetrainRunner, type ModelLifecycle } from './wiring';
export { ModelLifecycleResolver } from './model-lifecycle.resolver';
export type { ActiveModel } from './serving/active-model';
export { MongoConnection } from './queue/mongo-connection';
export { ModelArtifactChunkEntity, ModelVersionEntity, RetrainJobEntity, ModelVersionStatus, RetrainTrigger } from './entities';
export type { ModelLifecycleContext } from './context';
