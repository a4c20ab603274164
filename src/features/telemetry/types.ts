import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { InteractionType } from './entities';

export { InteractionType };
registerEnumType(InteractionType, { name: 'InteractionType' });

@ObjectType({ simpleResolvers: true })
export class Interaction {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  eventId!: string | null;

  @Field(() => ID, { nullable: true, description: 'null for an anonymous session\'s event (until the session is merged into a user)' })
  userId!: string | null;

  @Field(() => String, { nullable: true, description: 'The anonymous session that sent it (kept after a merge into a user)' })
  anonymousId!: string | null;

  @Field(() => ID)
  productId!: string;

  @Field(() => InteractionType)
  type!: InteractionType;

  @Field(() => Int, { nullable: true })
  rating!: number | null;

  @Field(() => String, { nullable: true })
  sessionId!: string | null;

  @Field(() => Int)
  timeSpentSeconds!: number;

  @Field(() => GraphQLDateTime, { description: 'When the interaction happened (occurredAt, or when it was received)' })
  createdAt!: Date;
}

@InputType()
export class TrackInteractionInput {
  @Field(() => String, { nullable: true, description: 'Idempotency key within the user or session: a retry with the same eventId is stored once' })
  eventId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Exactly one of userId and anonymousId' })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'An anonymous session\'s id (1-200 characters), for a shopper not logged in' })
  anonymousId?: string | null;

  @Field(() => ID)
  productId!: string;

  @Field(() => InteractionType)
  type!: InteractionType;

  @Field(() => Int, { nullable: true, description: '1-5, required for RATE and not allowed otherwise' })
  rating?: number | null;

  @Field(() => String, { nullable: true })
  sessionId?: string | null;

  @Field(() => Int, { nullable: true, description: '0-86400, default 0' })
  timeSpentSeconds?: number | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Defaults to now; may not be in the future' })
  occurredAt?: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class TrackInteractionsResult {
  @Field(() => Int, { description: 'Interactions newly stored' })
  accepted!: number;

  @Field(() => Int, { description: 'Interactions whose eventId was already stored for the same user or session (not stored again)' })
  duplicates!: number;
}

@InputType()
export class AddReviewInput {
  @Field(() => ID, { nullable: true, description: 'Required with an API key; with a shopper token it defaults to (and may only be) the shopper\'s own id' })
  userId?: string | null;

  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  rating!: number;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType()
export class OrderItemInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType()
export class Review {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  rating!: number;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}

@ObjectType()
export class CartItem {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => GraphQLDateTime)
  addedAt!: Date;
}

@ObjectType()
export class OrderItem {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Float, { description: 'Unit price captured when the order was placed' })
  unitPrice!: number;
}

@ObjectType()
export class Order {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => [OrderItem])
  items!: OrderItem[];

  @Field(() => Float)
  total!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class AnonymousMergeResult {
  @Field(() => String)
  anonymousId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => Int, { description: 'Events attributed to the user by this call (0 when the session was merged before, or had none)' })
  moved!: number;
}

@ObjectType({ simpleResolvers: true, description: 'How many interactions of one type were recorded in one minute' })
export class InteractionRate {
  @Field(() => GraphQLDateTime, { description: 'Start of the minute' })
  minute!: Date;

  @Field(() => InteractionType)
  type!: InteractionType;

  @Field(() => Int)
  count!: number;
}
