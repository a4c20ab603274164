import type { EntityDictionary, EntityName, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Inserts one row and returns it as stored (database defaults and generated keys included), mapped to
 * its entity: one round trip, and no unit of work to flush (see transaction.ts for why).
 */
export async function insertReturning<T extends object>(em: EntityManager, entity: EntityName<T>, data: RequiredEntityData<T>): Promise<T> {
  try {
    const row = await em.createQueryBuilder(entity).insert(data).returning('*').execute<EntityDictionary<T>>('get', false);
    return em.map(entity, row);
  } catch (e) {
    // As em.insert does: a constraint violation as MikroORM's typed exception (UniqueConstraintViolationException, ...).
    throw em.getDriver().convertException(e as Error);
  }
}
