import type { EntityManager } from '@mikro-orm/postgresql';
import { intInRange } from '../../platform/validate';
import { badInput } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import type { Order } from './types';

/**
 * One page of a user's orders, newest first: up to `first` orders placed before the order `afterId`
 * (the id of the last order of the previous page).
 */
export async function userOrdersPage(em: EntityManager, userId: string, first: number, afterId: string | null): Promise<Order[]> {
  intInRange(first, 'first', 1, 1000);
  if (afterId != null && !isDbId(afterId)) throw badInput('after', 'is not the id of an order');
  if (!isDbId(userId)) return [];
  const after = afterId == null ? '' : 'and (o.created_at, o.id) < (select a.created_at, a.id from customer_order a where a.id = ? and a.user_id = o.user_id)';
  return em.execute(
    `select o.id::text as "id", o.user_id::text as "userId", o.total::float8 as "total", o.created_at as "createdAt",
       (select json_agg(json_build_object('productId', i.product_id::text, 'quantity', i.quantity,
          'unitPrice', i.unit_price::float8) order by i.id) from order_item i where i.order_id = o.id) as "items"
     from customer_order o where o.user_id = ? ${after} order by o.created_at desc, o.id desc limit ?`,
    afterId == null ? [userId, first] : [userId, afterId, first],
  );
}
