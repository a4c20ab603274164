import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ANONYMOUS, type ApiKeyStore, type Auth, type AuthContext, type Principal } from '../features/auth';
import { CatalogService, createCatalogLoaders, type CatalogContext, type CatalogLoaders, type KnownUsers, type ProductCache } from '../features/catalog';
import type { Config } from '../platform/config';
import type { EventBus } from '../platform/events/pubsub';
import { CommerceService, InteractionService, SessionService, type InteractionIngest, type TelemetryContext } from '../features/telemetry';
import { TrainingDataReader, type TrainingContext } from '../features/training';
import type { Orm } from '../platform/db/orm';
import type { ModelLifecycle, ModelLifecycleContext } from '../features/model-lifecycle';
import { RecommendationService, type RecommendationsContext, type UserLists } from '../features/recommendations';

/** Process-wide singletons the per-request context is made from. */
export interface AppDeps {
  config: Config;
  orm: Orm;
  events: EventBus;
  models: ModelLifecycle;
  productCache: ProductCache;
  knownUsers: KnownUsers;
  /** One EntityManager for raw statements outside transactions (CatalogService.userExists). */
  sharedEm: EntityManager;
  userLists: UserLists;
  auth: Auth;
  /** The group commit of single trackInteraction events. */
  interactionIngest: InteractionIngest;
}

/**
 * The per-request context: every feature declares the slice its resolvers read, and this one object
 * satisfies them all (RequestContext is checked against the intersection).
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

/**
 * One per request (and per subscription). Its forked EntityManager, DataLoaders and services are made
 * on first use: a recommendation answered from memory forks no EntityManager and builds no loader
 * (the profile of a similarProducts request showed them per request; bench/README.md).
 */
class RequestContext implements Context {
  private em?: EntityManager;
  private catalogLoaders?: CatalogLoaders;
  private catalogService?: CatalogService;
  private sessionService?: SessionService;
  private recommendationService?: RecommendationService;
  private interactionService?: InteractionService;
  private commerceService?: CommerceService;
  private trainingReader?: TrainingDataReader;
  private keyStore?: ApiKeyStore;

  /** Boxed: Apollo hands resolvers and plugins a shallow copy of the context, which shares the box, so one request has one id. */
  private readonly idBox: { id?: string };

  constructor(
    private readonly deps: AppDeps,
    /** Who sent it, checked by the rule table. */
    readonly auth: Principal,
    id?: string,
  ) {
    this.idBox = { id };
  }

  /** Made when first read (an answer with errors, a log line), not for every request. */
  get requestId(): string {
    return (this.idBox.id ??= randomUUID());
  }

  private readonly fork = (): EntityManager => (this.em ??= this.deps.orm.em.fork());

  get loaders(): CatalogLoaders {
    return (this.catalogLoaders ??= createCatalogLoaders(this.fork, this.deps.productCache));
  }

  get catalog(): CatalogService {
    const { productCache, config, knownUsers, sharedEm } = this.deps;
    return (this.catalogService ??= new CatalogService(this.fork, () => this.loaders, productCache, config.maxBatchSize, knownUsers, sharedEm));
  }

  get sessions(): SessionService {
    return (this.sessionService ??= new SessionService(this.fork()));
  }

  get recommendations(): RecommendationService {
    return (this.recommendationService ??= new RecommendationService(this.deps.models.activeModel, this.catalog, () => this.sessions, this.deps.userLists));
  }

  get models(): ModelLifecycleContext['models'] {
    return this.deps.models.service;
  }

  get interactions(): InteractionService {
    const { events, config, interactionIngest } = this.deps;
    return (this.interactionService ??= new InteractionService(this.fork, events, config.maxBatchSize, interactionIngest));
  }

  get commerce(): CommerceService {
    return (this.commerceService ??= new CommerceService(this.fork(), this.deps.events));
  }

  get training(): TrainingDataReader {
    return (this.trainingReader ??= new TrainingDataReader(this.fork()));
  }

  get apiKeys(): ApiKeyStore {
    return (this.keyStore ??= this.deps.auth.store(this.fork()));
  }
}

// `auth` is who sent it (checked by the rule table); `requestId` names it in logs and in INTERNAL errors.
export function createContext(deps: AppDeps, auth: Principal = ANONYMOUS, requestId?: string): Context {
  return new RequestContext(deps, auth, requestId);
}
