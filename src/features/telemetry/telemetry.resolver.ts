import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { actingUserId, ownEvent } from '../auth';
import { forbidden } from '../auth';
import { Product, User } from '../catalog';
import type { TelemetryContext } from './context';
import { Topic } from '../../platform/events/pubsub';
import {
  AddReviewInput,
  AnonymousMergeResult,
  CartItem,
  Interaction,
  InteractionRate,
  Order,
  OrderItem,
  OrderItemInput,
  Review,
  TrackInteractionInput,
  TrackInteractionsResult,
} from './types';

const IDEMPOTENCY_KEY =
  'Per user, 1-200 characters: a retry with the same key returns the first result and writes nothing; the same key with other arguments is BAD_USER_INPUT';

@Resolver(() => Interaction)
export class InteractionResolver {
  @Authorized()
  @Mutation(() => Interaction, { description: 'Records one interaction of a user or an anonymous session; idempotent by eventId within it' })
  trackInteraction(@Arg('input', () => TrackInteractionInput) input: TrackInteractionInput, @Ctx() ctx: TelemetryContext) {
    return ctx.interactions.track(ownEvent(ctx.auth, input));
  }

  @Authorized()
  @Mutation(() => TrackInteractionsResult, { description: 'Records up to MAX_BATCH_SIZE interactions in one insert; all or nothing' })
  trackInteractions(@Arg('inputs', () => [TrackInteractionInput]) inputs: TrackInteractionInput[], @Ctx() ctx: TelemetryContext) {
    return ctx.interactions.trackMany(inputs.map((i) => ownEvent(ctx.auth, i)));
  }

  @Authorized()
  @Mutation(() => AnonymousMergeResult, {
    description: 'Attributes an anonymous session\'s events to a user (when the shopper logs in); once: a repeat moves nothing',
  })
  mergeAnonymous(
    @Arg('anonymousId', () => String) anonymousId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: TelemetryContext,
  ) {
    return ctx.sessions.merge(anonymousId, userId);
  }

  @Authorized()
  @Mutation(() => AnonymousMergeResult, {
    description: 'With a shopper token, at login: attributes the anonymous session\'s events to the shopper; once: a repeat moves nothing',
  })
  identify(@Arg('anonymousId', () => String) anonymousId: string, @Ctx() ctx: TelemetryContext) {
    if (ctx.auth.role !== 'shopper') throw forbidden('identify needs a shopper token (the session goes to its user); an API key uses mergeAnonymous');
    return ctx.sessions.merge(anonymousId, ctx.auth.userId, 'token.sub');
  }

  @Authorized()
  @Subscription(() => Interaction, {
    topics: Topic.InteractionTracked,
    filter: ({ payload, args }: { payload: Interaction; args: { productId?: string | null } }) =>
      args.productId == null || payload.productId === args.productId,
    description: 'Live telemetry feed, optionally for one product',
  })
  interactionTracked(
    @Root() interaction: Interaction,
    @Arg('productId', () => ID, { nullable: true }) _productId: string | null,
  ): Interaction {
    return interaction;
  }
}

const USER_ID = 'Required with an API key; with a shopper token it defaults to (and may only be) the shopper\'s own id';

@Resolver()
export class CommerceResolver {
  @Authorized()
  @Mutation(() => Review, { description: 'Creates or replaces the user\'s review of the product; records a RATE interaction' })
  addReview(
    @Arg('input', () => AddReviewInput) input: AddReviewInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY }) idempotencyKey: string | null,
    @Ctx() ctx: TelemetryContext,
  ) {
    return ctx.commerce.addReview({ ...input, userId: actingUserId(ctx.auth, input.userId, 'input.userId') }, idempotencyKey);
  }

  @Authorized()
  @Mutation(() => [CartItem], { description: 'Adds to the user\'s cart and returns the cart; records ADD_TO_CART' })
  addToCart(
    @Arg('userId', () => ID, { nullable: true, description: USER_ID }) userId: string | null,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int, { defaultValue: 1 }) quantity: number,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY }) idempotencyKey: string | null,
    @Ctx() ctx: TelemetryContext,
  ) {
    return ctx.commerce.addToCart(actingUserId(ctx.auth, userId, 'userId'), productId, quantity, idempotencyKey);
  }

  @Authorized()
  @Mutation(() => Order, { description: 'Places an order at current prices; records one PURCHASE per item' })
  placeOrder(
    @Arg('userId', () => ID, { nullable: true, description: USER_ID }) userId: string | null,
    @Arg('items', () => [OrderItemInput]) items: OrderItemInput[],
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY }) idempotencyKey: string | null,
    @Ctx() ctx: TelemetryContext,
  ) {
    return ctx.commerce.placeOrder(actingUserId(ctx.auth, userId, 'userId'), items, idempotencyKey);
  }
}


// The product behind a review, cart line or order line, batched through the request's DataLoader.
async function productOf(x: { productId: string }, ctx: TelemetryContext) {
  return ctx.loaders.product.load(x.productId);
}

@Resolver(() => Review)
export class ReviewProductResolver {
  @FieldResolver(() => Product)
  product(@Root() r: Review, @Ctx() ctx: TelemetryContext) {
    return productOf(r, ctx);
  }
}

@Resolver(() => CartItem)
export class CartItemProductResolver {
  @FieldResolver(() => Product)
  product(@Root() c: CartItem, @Ctx() ctx: TelemetryContext) {
    return productOf(c, ctx);
  }
}

@Resolver(() => OrderItem)
export class OrderItemProductResolver {
  @FieldResolver(() => Product)
  product(@Root() o: OrderItem, @Ctx() ctx: TelemetryContext) {
    return productOf(o, ctx);
  }
}

// User's commerce fields live here, not in catalog: catalog knows nothing of orders and carts.
@Resolver(() => User)
export class UserCommerceResolver {
  @Authorized()
  @FieldResolver(() => [CartItem])
  cart(@Root() u: User, @Ctx() ctx: TelemetryContext) {
    return ctx.commerce.cart(u.id);
  }

  @Authorized()
  @FieldResolver(() => [Order], { description: 'Newest first, in pages: pass the id of the last order of a page as `after` for the next' })
  orders(
    @Root() u: User,
    @Ctx() ctx: TelemetryContext,
    @Arg('first', () => Int, { defaultValue: 50, description: '1-1000' }) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'id of the last order of the previous page' }) after: string | null,
  ) {
    return ctx.commerce.ordersPage(u.id, first, after);
  }

  @Authorized()
  @FieldResolver(() => [Interaction], { description: 'The user\'s latest interactions, newest first' })
  interactions(
    @Root() u: User,
    @Ctx() ctx: TelemetryContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1-100' }) first: number,
  ) {
    return ctx.interactions.history(u.id, first);
  }
}

@Resolver(() => Interaction)
export class InteractionProductResolver {
  @FieldResolver(() => Product)
  product(@Root() i: Interaction, @Ctx() ctx: TelemetryContext) {
    return productOf(i, ctx);
  }
}

@Resolver()
export class InteractionRateResolver {
  @Authorized()
  @Query(() => [InteractionRate], { description: 'Interactions per minute and type over the last `minutes` minutes, oldest first, zeros included' })
  interactionRates(@Arg('minutes', () => Int, { defaultValue: 15, description: '1-60' }) minutes: number, @Ctx() ctx: TelemetryContext) {
    return ctx.interactions.rates(minutes);
  }
}
