import { type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, type PubSub } from 'type-graphql';
import { ApiKeyResolver, authChecker, denyUncovered } from '../features/auth';
import {
  CategoryResolver,
  ProductConnectionResolver,
  ProductResolver,
  UserResolver,
} from '../features/catalog';
import {
  CartItemProductResolver,
  CommerceResolver,
  InteractionProductResolver,
  InteractionRateResolver,
  InteractionResolver,
  UserCommerceResolver,
  OrderItemProductResolver,
  ReviewProductResolver,
} from '../features/telemetry';
import { ModelLifecycleResolver } from '../features/model-lifecycle';
import { RecommendationResolver } from '../features/recommendations';
import { InteractionConnectionResolver, TrainingDataResolver } from '../features/training';

export const resolvers = [
  ProductResolver,
  ProductConnectionResolver,
  CategoryResolver,
  UserResolver,
  UserCommerceResolver,
  InteractionResolver,
  InteractionProductResolver,
  InteractionRateResolver,
  CommerceResolver,
  ReviewProductResolver,
  CartItemProductResolver,
  OrderItemProductResolver,
  TrainingDataResolver,
  InteractionConnectionResolver,
  RecommendationResolver,
  ModelLifecycleResolver,
  ApiKeyResolver,
] as const;

/**
 * The whole API; schema.graphql is this schema printed (npm run print-schema). Access: every operation
 * is `@Authorized()` and src/features/auth/rules.ts decides; one without a rule or decorator is denied.
 * `authDisabled` (development only, for benchmarks) builds it without any check.
 */
export async function createSchema(pubSub: PubSub, authDisabled = false): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub,
    authChecker: authDisabled ? () => true : authChecker,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // Inputs are checked by the services, which name the offending field (and batch index) in each error.
    validate: false,
  });
  return authDisabled ? schema : denyUncovered(schema);
}
