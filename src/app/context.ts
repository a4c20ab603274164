import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Auth, type AuthContext, type Principal } from '../features/auth';
import { CatalogService, createCatalogLoaders, type CatalogContext, type KnownUsers, type ProductCache } from '../features/catalog';
import type { Config } from '../platform/config';
import type { EventBus } from '../platform/events/pubsub';
import { CommerceService, InteractionService, SessionService, type InteractionIngest, type TelemetryContext } from '../features/telemetry';
import { TrainingDataReader, type TrainingContext } from '../features/training';
import type { Orm } from '../platform/db/orm';
import type { ModelLifecycle, ModelLifecycleContext } from '../features/model-lifecycle';
import { RecommendationService, type RecommendationsContext } from '../features/recommendations';

/** Process-wide singletons the per-request context is made from. */
export interface AppDeps {
  config: Config;
  orm: Orm;
  events: EventBus;
  models: ModelLifecycle;
  productCache: ProductCache;
  knownUsers: KnownUsers;
  auth: Auth;
  /** The group commit of single trackInteraction events. */
  interactionIngest: InteractionIngest;
}

/**
 * The per-request context: every feature declares the slice its resolvers read, and this one object
 * satisfies them all (createContext is checked against the intersection).
 */
export type Context = AuthContext &
  CatalogContext &
  TelemetryContext &
  TrainingContext &
  ModelLifecycleContext &
  RecommendationsContext & {
    /** Names the request in logs and in INTERNAL errors. */
    requestId: string;
  };

// One forked EntityManager, DataLoader set and service set per request (and per subscription).
// `auth` is who sent it (checked by the rule table); `requestId` names it in logs and in INTERNAL errors.
export function createContext(deps: AppDeps, auth: Principal = ANONYMOUS, requestId: string = randomUUID()): Context {
  const em = deps.orm.em.fork();
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
    interactions: new InteractionService(em, deps.events, deps.config.maxBatchSize, deps.interactionIngest),
    commerce: new CommerceService(em, deps.events),
    training: new TrainingDataReader(em),
  };
}
