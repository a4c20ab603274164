import type { EntityManager } from '@mikro-orm/postgresql';
import { intInRange } from '../../platform/validate';
import { badInput } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import { OrderEntity, OrderItemEntity } from './entities';
import { toOrder } from './mappers';
import type { Order, OrderItemInput } from './types';

/** The orders with their lines (two queries, however many orders), in the order given. */
export async function withItems(em: EntityManager, orders: readonly OrderEntity[]): Promise<Order[]> {
  if (orders.length === 0) return [];
  const items = await em.find(OrderItemEntity, { order: { $in: orders.map((o) => o.id) } }, { orderBy: { id: 'asc' } });
  const byOrder = new Map<string, OrderItemEntity[]>();
  for (const i of items) {
    const lines = byOrder.get(i.order);
    if (lines) lines.push(i);
    else byOrder.set(i.order, [i]);
  }
  return orders.map((o) => toOrder(o, byOrder.get(o.id) ?? []));
}

export async function orderById(em: EntityManager, id: string): Promise<Order> {
  const [order] = await withItems(em, [await em.findOneOrFail(OrderEntity, { id })]);
  return order;
}

/**
 * One page of a user's orders, newest first: up to `first` orders placed before the order `afterId`
 * (the id of the last order of the previous page).
 */
export async function userOrdersPage(em: EntityManager, userId: string, first: number, afterId: string | null): Promise<Order[]> {
  intInRange(first, 'first', 1, 1000);
  if (afterId != null && !isDbId(afterId)) throw badInput('after', 'is not the id of an order');
  if (!isDbId(userId)) return [];
  const qb = em.createQueryBuilder(OrderEntity, 'o').where({ user: userId });
  // The (created_at, id) of the previous page's last order, compared in SQL: its microseconds do not survive a JS Date.
  if (afterId != null) {
    qb.andWhere('(o.created_at, o.id) < (select a.created_at, a.id from customer_order a where a.id = ? and a.user_id = o.user_id)', [afterId]);
  }
  const orders = await qb.orderBy({ createdAt: 'desc', id: 'desc' }).limit(first).getResultList();
  return withItems(em, orders);
}

/** An order's total: the sum of quantity × unit price, exact (numeric(12,2) prices as whole cents). */
export function orderTotal(lines: ReadonlyArray<Pick<OrderItemInput, 'quantity'> & { unitPrice: string }>): string {
  const cents = lines.reduce((sum, l) => {
    if (!/^\d+\.\d{2}$/.test(l.unitPrice)) throw new Error(`unexpected price format: ${l.unitPrice}`);
    return sum + BigInt(l.quantity) * BigInt(l.unitPrice.replace('.', ''));
  }, 0n);
  const digits = cents.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
