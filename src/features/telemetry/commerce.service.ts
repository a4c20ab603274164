import { raw, sql } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { batchSize, intInRange, optionalText } from '../../platform/validate';
import { badInput, notFound } from '../../platform/errors';
import { type EventBus, Topic } from '../../platform/events/pubsub';
import { isDbId } from '../../platform/ids';
import { inTransaction } from '../../platform/db/transaction';
import { ProductEntity, requireExisting } from '../catalog';
import { CartItemEntity, InteractionType, OrderEntity, OrderItemEntity, ReviewEntity } from './entities';
import { idempotencyKey, once, type IdempotentOperation, type IdempotentRequest } from './idempotency';
import { insertInteractions } from './interaction.table';
import { toCartItem, toReview } from './mappers';
import { orderById, orderTotal, userOrdersPage } from './orders';
import type { AddReviewInput, CartItem, Interaction, Order, OrderItemInput, Review } from './types';
import type { InteractionRow } from './validate-interaction';

const MAX_QUANTITY = 1000;
const MAX_ORDER_ITEMS = 100;

/**
 * Reviews, carts and orders. Each write and the interaction it implies (RATE, ADD_TO_CART, PURCHASE)
 * commit in one transaction, so the training data never misses or invents one. With an idempotency key
 * (scoped to the user) the key is recorded in that same transaction, and a retry replays the first
 * result without writing.
 */
export class CommerceService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventBus,
  ) {}

  async addReview(input: AddReviewInput & { userId: string }, key?: string | null): Promise<Review> {
    intInRange(input.rating, 'input.rating', 1, 5);
    const comment = optionalText(input.comment, 'input.comment', 5000);
    const request = keyed(input.userId, key, 'addReview', { productId: input.productId, rating: input.rating, comment });
    let interactions: Interaction[] = [];
    const reviewId = await inTransaction(this.em, async (em) => {
      await requireUserAndProduct(em, input.userId, input.productId, 'input.');
      const { resultId } = await once(em, request, async () => {
        const now = new Date();
        const review = await em.upsert(
          ReviewEntity,
          { user: input.userId, product: input.productId, rating: input.rating, comment, createdAt: now, updatedAt: now },
          { onConflictFields: ['user', 'product'], onConflictMergeFields: ['rating', 'comment', 'updatedAt'] },
        );
        interactions = await insertInteractions(em, [implied(input.userId, input.productId, InteractionType.RATE, input.rating)]);
        return review.id;
      });
      return resultId;
    });
    this.publish(interactions);
    return toReview(await this.em.findOneOrFail(ReviewEntity, { id: reviewId }, { refresh: true }));
  }

  /** The cart after the addition (on a replay: the cart as it is now, the line not added again). */
  async addToCart(userId: string, productId: string, quantity: number, key?: string | null): Promise<CartItem[]> {
    intInRange(quantity, 'quantity', 1, MAX_QUANTITY);
    const request = keyed(userId, key, 'addToCart', { productId, quantity });
    let interactions: Interaction[] = [];
    await inTransaction(this.em, async (em) => {
      await requireUserAndProduct(em, userId, productId, '');
      await once(em, request, async () => {
        const written = await em
          .createQueryBuilder(CartItemEntity)
          .insert({ user: userId, product: productId, quantity })
          .onConflict(['user', 'product'])
          .merge({ quantity: raw<CartItemEntity, number>(`least(cart_item.quantity + excluded.quantity, ${MAX_QUANTITY})`), addedAt: sql.now() })
          .returning('id')
          .execute<{ id: string }>('get');
        interactions = await insertInteractions(em, [implied(userId, productId, InteractionType.ADD_TO_CART, null)]);
        return String(written.id);
      });
    });
    this.publish(interactions);
    return this.cart(userId);
  }

  async placeOrder(userId: string, items: OrderItemInput[], key?: string | null): Promise<Order> {
    batchSize(items.length, 'items', MAX_ORDER_ITEMS);
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      if (!isDbId(item.productId)) throw notFound(`items[${i}].productId`, 'product', item.productId);
      intInRange(item.quantity, `items[${i}].quantity`, 1, MAX_QUANTITY);
      const prev = seen.get(item.productId);
      if (prev !== undefined) throw badInput(`items[${i}].productId`, `duplicates items[${prev}].productId; order a larger quantity instead`);
      seen.set(item.productId, i);
    });
    const request = keyed(userId, key, 'placeOrder', items.map((i) => ({ productId: i.productId, quantity: i.quantity })));
    let interactions: Interaction[] = [];
    const orderId = await inTransaction(this.em, async (em) => {
      await requireExisting(em, 'user', [userId], () => 'userId');
      const { resultId } = await once(em, request, async () => {
        const written = await insertOrder(em, userId, items);
        interactions = written.interactions;
        return written.orderId;
      });
      return resultId;
    });
    this.publish(interactions);
    return orderById(this.em, orderId);
  }

  async cart(userId: string): Promise<CartItem[]> {
    if (!isDbId(userId)) return [];
    const lines = await this.em.find(CartItemEntity, { user: userId }, { orderBy: { addedAt: 'asc', id: 'asc' }, refresh: true });
    return lines.map(toCartItem);
  }

  /** A page of the user's orders, newest first (User.orders). */
  ordersPage(userId: string, first: number, afterId: string | null): Promise<Order[]> {
    return userOrdersPage(this.em, userId, first, afterId);
  }

  private publish(interactions: Interaction[]) {
    for (const i of interactions) this.events.publish(Topic.InteractionTracked, i);
  }
}

/** Prices the items, writes the order, its lines and PURCHASE interactions, and empties those cart lines. */
async function insertOrder(em: EntityManager, userId: string, items: OrderItemInput[]): Promise<{ orderId: string; interactions: Interaction[] }> {
  const ids = items.map((i) => i.productId);
  const products = await em.find(ProductEntity, { id: { $in: ids } });
  const priceOf = new Map(products.map((p) => [p.id, p.price]));
  const missing = ids.findIndex((id) => !priceOf.has(id));
  if (missing >= 0) throw notFound(`items[${missing}].productId`, 'product', ids[missing]);
  const lines = items.map((i) => ({ product: i.productId, quantity: i.quantity, unitPrice: priceOf.get(i.productId)! }));
  const orderId = String(await em.insert(OrderEntity, { user: userId, total: orderTotal(lines) }));
  await em.insertMany(OrderItemEntity, lines.map((line) => ({ order: orderId, ...line })));
  await em.nativeDelete(CartItemEntity, { user: userId, product: { $in: ids } });
  const interactions = await insertInteractions(em, ids.map((id) => implied(userId, id, InteractionType.PURCHASE, null)));
  return { orderId, interactions };
}

function keyed(userId: string, key: string | null | undefined, operation: IdempotentOperation, args: unknown): IdempotentRequest | null {
  const checked = idempotencyKey(key);
  return checked === null ? null : { userId, key: checked, operation, args };
}

function implied(userId: string, productId: string, type: InteractionType, rating: number | null): InteractionRow {
  return {
    event_id: null,
    user_id: userId,
    anonymous_id: null,
    product_id: productId,
    type,
    rating,
    session_id: null,
    time_spent_seconds: 0,
    created_at: new Date().toISOString(),
  };
}

async function requireUserAndProduct(em: EntityManager, userId: string, productId: string, prefix: string): Promise<void> {
  await requireExisting(em, 'user', [userId], () => `${prefix}userId`);
  await requireExisting(em, 'product', [productId], () => `${prefix}productId`);
}
