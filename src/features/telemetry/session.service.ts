import type { EntityManager } from '@mikro-orm/postgresql';
import type { HistoryEvent } from '../../recommender';
import { requireExisting } from '../catalog';
import { InteractionEntity } from './entities';
import type { AnonymousMergeResult } from './types';
import { validAnonymousId } from './validate-interaction';

/** Anonymous sessions: their recent events, and attributing them to the user once the shopper logs in. */
export class SessionService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Attributes the session's events that have no user yet to `userId` (their anonymousId stays, and so
   * does the scope of their eventIds). Once: a second call, or a concurrent one (it waits on the row
   * locks, then finds user_id set), moves nothing and answers 0.
   */
  async merge(anonymousId: string, userId: string, userField = 'userId'): Promise<AnonymousMergeResult> {
    validAnonymousId(anonymousId, 'anonymousId');
    await requireExisting(this.em, 'user', [userId], () => userField);
    const moved = await this.em.nativeUpdate(InteractionEntity, { anonymousId, user: null }, { user: userId });
    return { anonymousId, userId, moved };
  }

  /** The session's latest `limit` events, newest first (merged ones included). */
  async recentEvents(anonymousId: string, limit: number): Promise<HistoryEvent[]> {
    validAnonymousId(anonymousId, 'anonymousId');
    const events = await this.em.find(InteractionEntity, { anonymousId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
    return events.map((e) => ({ productId: e.product, type: e.type, rating: e.rating, occurredAt: e.createdAt.getTime() }));
  }
}
