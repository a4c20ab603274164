import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Auth, Principal } from '../features/auth';
import { ANONYMOUS } from '../features/auth/principal';
import { CatalogService } from '../features/catalog/catalog.service';
import { createCatalogLoaders } from '../features/catalog/loaders';
import type { KnownUsers } from '../features/catalog/known-users';
import type { ProductCache } from '../features/catalog/product-cache';
import type { Config } from '../platform/config';
import type { EventBus } from '../platform/events/pubsub';
import { CommerceService } from '../features/telemetry/commerce.service';
import { InteractionService } from '../features/telemetry/interaction.service';
import { SessionService } from '../features/telemetry/session.service';
import { TrainingDataReader } from '../features/training/training-data.reader';
import type { Orm } from '../platform/db/orm';
import type { ModelLifecycle } from '../features/model-lifecycle';
import { RecommendationService } from '../features/recommendations/recommendation.service';

/** Process-wide singletons the per-request context is made from. */
export interface AppDeps {
  config: Config;
  orm: Orm;
  events: EventBus;
  models: ModelLifecycle;
  productCache: ProductCache;
  knownUsers: KnownUsers;
  auth: Auth;
}

// One forked EntityManager, DataLoader set and service set per request (and per subscription).
// `auth` is who sent it (checked by the rule table); `requestId` names it in logs and in INTERNAL errors.
export function createContext(deps: AppDeps, auth: Principal = ANONYMOUS, requestId: string = randomUUID()) {
  const em = deps.orm.em.fork() as EntityManager;
  const loaders = createCatalogLoaders(em, deps.productCache);
  const catalog = new CatalogService(em, loaders, deps.productCache, deps.config.maxBatchSize, deps.knownUsers);
  const sessions = new SessionService(em);
  return {
    auth,
    requestId,
    apiKeys: deps.auth.store(em),
    loaders,
    catalog,
    sessions,
    recommendations: new RecommendationService(deps.models.activeModel, catalog, sessions),
    models: deps.models.service,
    interactions: new InteractionService(em, deps.events, deps.config.maxBatchSize),
    commerce: new CommerceService(em, deps.events),
    training: new TrainingDataReader(em),
  };
}

export type Context = ReturnType<typeof createContext>;
