import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Auth, Principal } from './auth';
import { ANONYMOUS } from './auth/principal';
import { CatalogService } from './catalog/catalog.service';
import { createCatalogLoaders } from './catalog/loaders';
import type { KnownUsers } from './catalog/known-users';
import type { ProductCache } from './catalog/product-cache';
import type { Config } from './config';
import type { EventBus } from './events/pubsub';
import { CommerceService } from './telemetry/commerce.service';
import { InteractionService } from './telemetry/interaction.service';
import { SessionService } from './telemetry/session.service';
import { TrainingDataReader } from './training/training-data.reader';
import type { Orm } from './db/orm';
import type { ModelLifecycle } from './model-lifecycle';
import { RecommendationService } from './recommendations/recommendation.service';

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
