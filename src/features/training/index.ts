// Public surface of training: the consistent, paged snapshot of products and interactions a
// training reads (in process or over GraphQL), and its GraphQL resolvers.
export { TrainingDataReader } from './training-data.reader';
export { InteractionConnectionResolver, TrainingDataResolver } from './training-data.resolver';
export type { TrainingContext } from './context';
