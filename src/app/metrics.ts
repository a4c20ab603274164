import type { FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import type { ProductCache } from '../features/catalog';
import type { UserLists } from '../features/recommendations';
import type { Orm } from '../platform/db/orm';
import { type EventBus, Topic } from '../platform/events/pubsub';
import type { ActiveModel } from '../features/model-lifecycle';

// prom-client: the standard Prometheus exposition, so operators scrape this like any Node service.
// One registry per app instance (tests run several apps in one process).
// `owned`: metrics the features keep themselves (e.g. the group commit's batch sizes).
export function metricsRoute(events: EventBus, activeModel: ActiveModel, owned: Metric[] = []): FastifyPluginAsync {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const m of owned) registry.registerMetric(m);
  new Gauge({
    name: 'recs_graphql_subscriptions',
    help: 'Live GraphQL subscriptions on this process, by topic',
    labelNames: ['topic'],
    registers: [registry],
    collect() {
      for (const topic of Object.values(Topic)) this.set({ topic }, events.subscriberCount(topic));
    },
  });
  new Gauge({
    name: 'recs_model_version',
    help: 'Model version this process serves (0 before the first model)',
    registers: [registry],
    collect() {
      this.set(activeModel.get()?.info.version ?? 0);
    },
  });
  return (app) => {
    app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
    return Promise.resolve();
  };
}

/** Every statement the ORM's pool sends (requests and background work; not the LISTEN connections). */
export function dbQueryCounter(orm: Orm): Metric {
  const counter = new Counter({ name: 'recs_db_queries_total', help: 'Statements sent to PostgreSQL through the connection pool', registers: [] });
  orm.em.getConnection().getKnex().on('query', () => counter.inc());
  return counter;
}

export function productCacheGauge(cache: ProductCache): Metric {
  return new Gauge({
    name: 'recs_product_cache_products',
    help: 'Products in this process\'s product cache, by kind: the served model\'s (kept) and read on demand (expiring)',
    labelNames: ['kind'],
    registers: [],
    collect() {
      const { servedModel, onDemand } = cache.sizes;
      this.set({ kind: 'served_model' }, servedModel);
      this.set({ kind: 'on_demand' }, onDemand);
    },
  });
}

/** Read from the cache's own tallies when scraped: nothing is added to a request's path. */
export function userListLookups(lists: UserLists): Metric {
  return new Counter({
    name: 'recs_user_list_cache_lookups_total',
    help: 'Personalised lists looked up in the ranked-list cache, by result (hit: not ranked again)',
    labelNames: ['result'],
    registers: [],
    collect() {
      this.reset();
      this.inc({ result: 'hit' }, lists.hits);
      this.inc({ result: 'miss' }, lists.misses);
    },
  });
}

export function userListsPrefilled(lists: UserLists): Metric {
  return new Counter({
    name: 'recs_user_lists_prefilled_total',
    help: 'Personalised lists ranked ahead when a model started to be served (USER_LIST_PREFILL_N), not on a request',
    registers: [],
    collect() {
      this.reset();
      this.inc(lists.prefilled);
    },
  });
}
