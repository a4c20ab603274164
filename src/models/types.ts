import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../catalog/types';
import { RetrainJobStatus, RetrainTrigger } from './entities';

export { RetrainJobStatus, RetrainTrigger };
registerEnumType(RetrainTrigger, { name: 'RetrainTrigger' });
registerEnumType(RetrainJobStatus, { name: 'RetrainJobStatus' });

export enum ModelStatus {
  UNTRAINED = 'UNTRAINED',
  TRAINED = 'TRAINED',
}
registerEnumType(ModelStatus, { name: 'ModelStatus' });

/** A stored model version's description (everything but the artifact). */
export interface ModelVersionInfo {
  version: number;
  kind: string;
  trigger: RetrainTrigger;
  trainedAt: Date;
  windowDays: number;
  numProducts: number;
  numUsers: number;
  numInteractions: number;
  trainingDurationMs: number;
}

@ObjectType()
export class Recommendation {
  productId!: string;

  @Field(() => Product)
  product!: Product;

  @Field(() => Float)
  score!: number;

  @Field(() => String, { nullable: true, description: 'Why this product is recommended' })
  reason!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ModelInfo {
  @Field(() => ModelStatus)
  status!: ModelStatus;

  @Field(() => Int, { nullable: true })
  version!: number | null;

  @Field(() => String, { nullable: true, description: 'Model family, e.g. content-tfidf' })
  kind!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  trainedAt!: Date | null;

  @Field(() => RetrainTrigger, { nullable: true })
  trigger!: RetrainTrigger | null;

  @Field(() => Int)
  numProducts!: number;

  @Field(() => Int)
  numUsers!: number;

  @Field(() => Int)
  numInteractions!: number;

  @Field(() => Int, { nullable: true })
  windowDays!: number | null;

  @Field(() => Int, { nullable: true })
  trainingDurationMs!: number | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'From the Agenda schedule; null while MongoDB is unreachable' })
  nextScheduledRetrainAt!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class RetrainJob {
  @Field(() => ID)
  id!: string;

  @Field(() => RetrainJobStatus)
  status!: RetrainJobStatus;

  @Field(() => Int)
  days!: number;

  @Field(() => RetrainTrigger)
  trigger!: RetrainTrigger;

  @Field(() => GraphQLDateTime)
  queuedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Int, { nullable: true })
  modelVersion!: number | null;
}

@ObjectType({ simpleResolvers: true })
export class ModelRetrainedEvent {
  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  trainedAt!: Date;

  @Field(() => Int)
  numProducts!: number;

  @Field(() => Int)
  numUsers!: number;

  @Field(() => Int)
  numInteractions!: number;

  @Field(() => Int)
  windowDays!: number;

  @Field(() => Int)
  trainingDurationMs!: number;

  @Field(() => RetrainTrigger)
  trigger!: RetrainTrigger;
}
