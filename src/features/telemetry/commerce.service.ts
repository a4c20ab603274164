import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../../platform/sql';
import { batchSize, intInRange, optionalText } from '../../platform/validate';
import { badInput, notFound } from '../../platform/errors';
import { EventBus, Topic } from '../../platform/events/pubsub';
import { isDbId } from '../../platform/ids';
import { InteractionType } from './entities';
import { idempotencyKey, once, type IdempotentOperation, type IdempotentRequest } from './idempotency';
import { insertInteractions } from './interaction-sql';
import type { AddReviewInput, CartItem, Interaction, Order, OrderItemInput, Review } from './types';
import type { InteractionRow } from './validate-interaction';
import { userOrdersPage } from './user-orders';

const MAX_QUANTITY = 1000;
const MAX_ORDER_ITEMS = 100;

const REVIEW_COLUMNS = `id::text as "id", user_id::text as "userId", product_id::text as "productId", rating, comment,
  created_at as "createdAt", updated_at as "updatedAt"`;
const CART_COLUMNS = `id::text as "id", product_id::text as "productId", quantity, added_at as "addedAt"`;

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
    const reviewId = await this.em.transactional(async (em) => {
      await requireUserAndProduct(em, input.userId, input.productId, 'input.');
      const { resultId } = await once(em, request, async () => {
        const [review]: Review[] = await em.execute(
          `insert into review (user_id, product_id, rating, comment) values (?, ?, ?, ?)
           on conflict (user_id, product_id) do update
             set rating = excluded.rating, comment = excluded.comment, updated_at = now()
           returning id::text as "id"`,
          [input.userId, input.productId, input.rating, comment],
        );
        interactions = await insertInteractions(em, [
          implied(input.userId, input.productId, InteractionType.RATE, input.rating),
        ]);
        return review.id;
      });
      return resultId;
    });
    this.publish(interactions);
    const [review]: Review[] = await this.em.execute(`select ${REVIEW_COLUMNS} from review where id = ?`, [reviewId]);
    return review;
  }

  /** The cart after the addition (on a replay: the cart as it is now, the line not added again). */
  async addToCart(userId: string, productId: string, quantity: number, key?: string | null): Promise<CartItem[]> {
    intInRange(quantity, 'quantity', 1, MAX_QUANTITY);
    const request = keyed(userId, key, 'addToCart', { productId, quantity });
    let interactions: Interaction[] = [];
    await this.em.transactional(async (em) => {
      await requireUserAndProduct(em, userId, productId, '');
      await once(em, request, async () => {
        const [line] = await em.execute(
          `insert into cart_item (user_id, product_id, quantity) values (?, ?, ?)
           on conflict (user_id, product_id) do update
             set quantity = least(cart_item.quantity + excluded.quantity, ${MAX_QUANTITY}), added_at = now()
           returning id::text as "id"`,
          [userId, productId, quantity],
        );
        interactions = await insertInteractions(em, [implied(userId, productId, InteractionType.ADD_TO_CART, null)]);
        return line.id as string;
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
    const orderId = await this.em.transactional(async (em) => {
      await requireUser(em, userId, 'userId');
      const { resultId } = await once(em, request, async () => {
        const written = await insertOrder(em, userId, items);
        interactions = written.interactions;
        return written.orderId;
      });
      return resultId;
    });
    this.publish(interactions);
    const [order] = await this.ordersWhere('o.id = ?', [orderId]);
    return order;
  }

  async cart(userId: string): Promise<CartItem[]> {
    if (!isDbId(userId)) return [];
    return this.em.execute(`select ${CART_COLUMNS} from cart_item where user_id = ? order by cart_item.added_at, cart_item.id`, [userId]);
  }

  async orders(userId: string): Promise<Order[]> {
    if (!isDbId(userId)) return [];
    return this.ordersWhere('o.user_id = ?', [userId]);
  }

  /** A page of the user's orders, newest first (User.orders). */
  ordersPage(userId: string, first: number, afterId: string | null): Promise<Order[]> {
    return userOrdersPage(this.em, userId, first, afterId);
  }

  private ordersWhere(where: string, params: unknown[]): Promise<Order[]> {
    return this.em.execute(
      `select o.id::text as "id", o.user_id::text as "userId", o.total::float8 as "total", o.created_at as "createdAt",
         (select json_agg(json_build_object('productId', i.product_id::text, 'quantity', i.quantity,
            'unitPrice', i.unit_price::float8) order by i.id) from order_item i where i.order_id = o.id) as "items"
       from customer_order o where ${where} order by o.created_at desc, o.id desc`,
      params,
    );
  }

  private publish(interactions: Interaction[]) {
    for (const i of interactions) this.events.publish(Topic.InteractionTracked, i);
  }
}

/** Prices the items, writes the order, its lines and PURCHASE interactions, and empties those cart lines. */
async function insertOrder(em: EntityManager, userId: string, items: OrderItemInput[]): Promise<{ orderId: string; interactions: Interaction[] }> {
  const ids = items.map((i) => i.productId);
  const priced: Array<{ id: string; price: string }> = await em.execute(
    `select id::text as "id", price::text as "price" from product where id = any(?::bigint[])`,
    [bigintArray(ids)],
  );
  const priceOf = new Map(priced.map((p) => [p.id, p.price]));
  const missing = ids.findIndex((id) => !priceOf.has(id));
  if (missing >= 0) throw notFound(`items[${missing}].productId`, 'product', ids[missing]);
  const lines = items.map((i) => ({ product_id: i.productId, quantity: i.quantity, unit_price: priceOf.get(i.productId) }));
  // The total is summed in numeric by PostgreSQL, so cents stay exact.
  const [order] = await em.execute(
    `insert into customer_order (user_id, total)
     select ?, coalesce(sum(x.quantity * x.unit_price), 0) from jsonb_to_recordset(?::jsonb) as x(quantity int, unit_price numeric)
     returning id::text as "id"`,
    [userId, JSON.stringify(lines)],
  );
  await em.execute(
    `insert into order_item (order_id, product_id, quantity, unit_price)
     select ?, x.product_id, x.quantity, x.unit_price
     from jsonb_to_recordset(?::jsonb) as x(product_id bigint, quantity int, unit_price numeric)`,
    [order.id, JSON.stringify(lines)],
  );
  await em.execute(`delete from cart_item where user_id = ? and product_id = any(?::bigint[])`, [userId, bigintArray(ids)]);
  const interactions = await insertInteractions(em, ids.map((id) => implied(userId, id, InteractionType.PURCHASE, null)));
  return { orderId: order.id as string, interactions };
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

export async function requireUser(em: EntityManager, userId: string, field: string): Promise<void> {
  if (!isDbId(userId)) throw notFound(field, 'user', userId);
  const [row] = await em.execute(`select 1 from app_user where id = ?`, [userId]);
  if (!row) throw notFound(field, 'user', userId);
}

async function requireUserAndProduct(em: EntityManager, userId: string, productId: string, prefix: string): Promise<void> {
  await requireUser(em, userId, `${prefix}userId`);
  if (!isDbId(productId)) throw notFound(`${prefix}productId`, 'product', productId);
  const [row] = await em.execute(`select 1 from product where id = ?`, [productId]);
  if (!row) throw notFound(`${prefix}productId`, 'product', productId);
}
