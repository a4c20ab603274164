import type { CartItemEntity, OrderEntity, OrderItemEntity, ReviewEntity } from './entities';
import type { CartItem, Order, Review } from './types';

// The one mapping of each commerce entity to its GraphQL type. numeric columns arrive as strings; a
// double holds every numeric(12,2)/(14,2) value as closely as float8 does.

export function toReview(r: ReviewEntity): Review {
  return {
    id: r.id,
    userId: r.user,
    productId: r.product,
    rating: r.rating,
    comment: r.comment,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toCartItem(c: CartItemEntity): CartItem {
  return { id: c.id, productId: c.product, quantity: c.quantity, addedAt: c.addedAt };
}

/** `items` are the order's lines, in id order. */
export function toOrder(o: OrderEntity, items: readonly OrderItemEntity[]): Order {
  return {
    id: o.id,
    userId: o.user,
    total: Number(o.total),
    createdAt: o.createdAt,
    items: items.map((i) => ({ productId: i.product, quantity: i.quantity, unitPrice: Number(i.unitPrice) })),
  };
}
