import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../platform/types';
import { Interaction } from '../telemetry';

/** What a training export covers: interactions with id <= maxId and createdAt >= since. */
export interface TrainingSnapshot {
  days: number;
  since: Date;
  maxId: string;
  generatedAt: Date;
}

@ObjectType({ simpleResolvers: true })
export class TrainingProduct {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  category!: string;

  @Field(() => Float)
  price!: number;

  @Field(() => String, { nullable: true })
  gender!: string | null;

  @Field(() => String, { nullable: true })
  color!: string | null;

  @Field(() => String, { nullable: true })
  material!: string | null;

  @Field(() => String, { nullable: true })
  size!: string | null;

  @Field(() => Float, { nullable: true })
  avgRating!: number | null;

  @Field(() => Int)
  reviewCount!: number;

  @Field(() => Int, { description: 'Interactions with the product inside the training window' })
  interactionCount!: number;
}

@ObjectType({ simpleResolvers: true })
export class InteractionEdge {
  @Field()
  cursor!: string;

  @Field(() => Interaction)
  node!: Interaction;
}

@ObjectType()
export class InteractionConnection {
  @Field(() => [InteractionEdge])
  edges!: InteractionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  snapshot!: TrainingSnapshot;
}

@ObjectType({ simpleResolvers: true })
export class TrainingDataMetadata {
  @Field(() => Int)
  totalProducts!: number;

  @Field(() => Int, { description: 'Interactions in the window as of generatedAt' })
  totalInteractions!: number;

  @Field(() => Int, { description: 'Registered users (all of them, not only those active in the window)' })
  totalUsers!: number;

  @Field(() => Int)
  dateRangeDays!: number;

  @Field(() => GraphQLDateTime)
  generatedAt!: Date;
}

/**
 * A consistent export: every field reads the same snapshot (window start and the highest interaction id
 * at generatedAt), so paging never repeats or skips a row while new telemetry arrives.
 */
@ObjectType()
export class TrainingData {
  snapshot!: TrainingSnapshot;
}
