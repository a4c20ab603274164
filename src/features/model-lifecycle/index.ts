// Public API of the model lifecycle: job queue, trainer, evaluation and promotion gate, model store,
// the active model with its hot swap, and their GraphQL resolvers. (MikroORM registers the entities
// straight from ./entities.)
export { createModelLifecycle, createRetrainRunner, type ModelLifecycle } from './wiring';
export { ModelLifecycleResolver } from './model-lifecycle.resolver';
export type { ActiveModel } from './serving/active-model';
export { MongoConnection } from './queue/mongo-connection';
export { RetrainTrigger } from './entities';
