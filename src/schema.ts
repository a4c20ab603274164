import { GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, PubSub } from 'type-graphql';
import {
  CategoryResolver,
  ProductConnectionResolver,
  ProductResolver,
  UserResolver,
} from './catalog/catalog.resolver';
import {
  CartItemProductResolver,
  CommerceResolver,
  InteractionResolver,
  OrderItemProductResolver,
  ReviewProductResolver,
} from './telemetry/telemetry.resolver';
import { ModelLifecycleResolver } from './model-lifecycle';
import { RecommendationResolver } from './recommendations/recommendation.resolver';
import { InteractionConnectionResolver, TrainingDataResolver } from './training/training-data.resolver';

export const resolvers = [
  ProductResolver,
  ProductConnectionResolver,
  CategoryResolver,
  UserResolver,
  InteractionResolver,
  CommerceResolver,
  ReviewProductResolver,
  CartItemProductResolver,
  OrderItemProductResolver,
  TrainingDataResolver,
  InteractionConnectionResolver,
  RecommendationResolver,
  ModelLifecycleResolver,
] as const;

/** The whole API; schema.graphql is this schema printed (npm run print-schema). */
export function createSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // Inputs are checked by the services, which name the offending field (and batch index) in each error.
    validate: false,
  });
}
