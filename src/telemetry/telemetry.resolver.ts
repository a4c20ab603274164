import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { Product } from '../catalog/types';
import type { Context } from '../context';
import { Topic } from '../events/pubsub';
import {
  AddReviewInput,
  CartItem,
  Interaction,
  Order,
  OrderItem,
  OrderItemInput,
  Review,
  TrackInteractionInput,
  TrackInteractionsResult,
} from './types';

@Resolver(() => Interaction)
export class InteractionResolver {
  @Mutation(() => Interaction, { description: 'Records one interaction; idempotent by eventId' })
  trackInteraction(@Arg('input', () => TrackInteractionInput) input: TrackInteractionInput, @Ctx() ctx: Context) {
    return ctx.interactions.track(input);
  }

  @Mutation(() => TrackInteractionsResult, { description: 'Records up to MAX_BATCH_SIZE interactions in one insert; all or nothing' })
  trackInteractions(@Arg('inputs', () => [TrackInteractionInput]) inputs: TrackInteractionInput[], @Ctx() ctx: Context) {
    return ctx.interactions.trackMany(inputs);
  }

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

@Resolver()
export class CommerceResolver {
  @Mutation(() => Review, { description: 'Creates or replaces the user\'s review of the product; records a RATE interaction' })
  addReview(@Arg('input', () => AddReviewInput) input: AddReviewInput, @Ctx() ctx: Context) {
    return ctx.commerce.addReview(input);
  }

  @Mutation(() => [CartItem], { description: 'Adds to the user\'s cart and returns the cart; records ADD_TO_CART' })
  addToCart(
    @Arg('userId', () => ID) userId: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int, { defaultValue: 1 }) quantity: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.commerce.addToCart(userId, productId, quantity);
  }

  @Mutation(() => Order, { description: 'Places an order at current prices; records one PURCHASE per item' })
  placeOrder(
    @Arg('userId', () => ID) userId: string,
    @Arg('items', () => [OrderItemInput]) items: OrderItemInput[],
    @Ctx() ctx: Context,
  ) {
    return ctx.commerce.placeOrder(userId, items);
  }
}

// The product behind a review, cart line or order line, batched through the request's DataLoader.
async function productOf(x: { productId: string }, ctx: Context) {
  return ctx.loaders.product.load(x.productId);
}

@Resolver(() => Review)
export class ReviewProductResolver {
  @FieldResolver(() => Product)
  product(@Root() r: Review, @Ctx() ctx: Context) {
    return productOf(r, ctx);
  }
}

@Resolver(() => CartItem)
export class CartItemProductResolver {
  @FieldResolver(() => Product)
  product(@Root() c: CartItem, @Ctx() ctx: Context) {
    return productOf(c, ctx);
  }
}

@Resolver(() => OrderItem)
export class OrderItemProductResolver {
  @FieldResolver(() => Product)
  product(@Root() o: OrderItem, @Ctx() ctx: Context) {
    return productOf(o, ctx);
  }
}
