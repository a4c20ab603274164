import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import Fastify from 'fastify';
import { GraphQLError } from 'graphql';
import { createAuth } from '../features/auth';
import type { Config } from '../platform/config';
import { KnownUsers, listenForProductChanges, ProductCache, ResidentProducts } from '../features/catalog';
import { UserLists } from '../features/recommendations';
import { InteractionIngest } from '../features/telemetry';
import { createContext, type AppDeps, type Context } from './context';
import { initOrm, migrate, type Orm } from '../platform/db/orm';
import { entities } from './entities';
import { EventBus } from '../platform/events/pubsub';
import { errorReporting, formatError, isDatabaseUnavailable } from './graphql-errors';
import { unavailable } from '../platform/errors';
import { consoleRoutes } from './console';
import { healthRoutes } from './health';
import { jitExecution } from './jit-execution';
import { requestListenersPlugin } from './request-listeners';
import { cacheHeaders, conditionalResponse } from './http/cache-headers';
import { graphqlShapedErrors } from './http/errors';
import { InFlight } from './http/in-flight';
import { refuseSubscriptionsOverHttp } from './http/http-subscriptions';
import { listenFailure } from './http/listen';
import { mountGraphqlWs } from './http/websocket';
import { Limits } from '../platform/limits';
import { dbQueryCounter, metricsRoute, productCacheGauge, userListLookups, userListsPrefilled } from './metrics';
import type { Logger } from '../platform/logger';
import { createModelLifecycle, MongoConnection, type ModelLifecycle } from '../features/model-lifecycle';
import { createSchema } from './schema';

export interface App {
  url: string;
  wsUrl: string;
  httpServer: http.Server;
  orm: Orm;
  events: EventBus;
  mongo: MongoConnection;
  models: ModelLifecycle;
  /** The personalised lists kept and ranked ahead (its `idle` settles when a ranking ahead is done). */
  userLists: UserLists;
  close(): Promise<void>;
}

/** The largest request body (a JSON batch of telemetry events is the big one). */
const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** How long shutdown waits for GraphQL handlers whose clients have gone (main.ts exits after 15 s in all). */
const IN_FLIGHT_WAIT_MS = 3000;

/** User ids remembered as existing: 8 bytes of id and a map entry each, so 200k cost a few MB. */
const KNOWN_USERS_MAX = 200_000;

/**
 * Connects to PostgreSQL (creating the database if needed), retrying until config.dbConnectTimeoutMs
 * has passed. statementTimeoutMs 0: no statement_timeout (database creation and migrations).
 */
async function connectOrm(config: Config, log: Logger, statementTimeoutMs: number): Promise<Orm> {
  const deadline = Date.now() + config.dbConnectTimeoutMs;
  for (;;) {
    try {
      const orm = await initOrm({
        entities,
        databaseUrl: config.databaseUrl,
        poolMax: config.dbPoolMax,
        connectTimeoutMs: config.dbConnectTimeoutMs,
        statementTimeoutMs,
        warn: (message) => log.warn({ component: 'knex' }, message),
      });
      await orm.em.getConnection().execute('select 1');
      return orm;
    } catch (e) {
      if (Date.now() >= deadline) {
        throw new Error(`PostgreSQL at ${redact(config.databaseUrl)} did not answer within ${config.dbConnectTimeoutMs} ms: ${(e as Error).message}`);
      }
      log.warn({ err: (e as Error).message }, 'PostgreSQL not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** A document graphql-jit cannot compile runs on graphql-js: worth knowing, not an error of the request. */
function jitCompileError(log: Logger) {
  return (operationName: string | null, errors: readonly GraphQLError[]) =>
    log.warn({ operationName, errors: errors.map((e) => e.message) }, 'graphql-jit cannot compile this operation; graphql-js runs it');
}

/** Builds the whole service on one Fastify server: GraphQL over HTTP and WebSocket at /graphql, health and metrics routes. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  if (config.migrateOnStart) {
    // Its own connection without statement_timeout: a migration on a large table may take longer.
    const admin = await connectOrm(config, log, 0);
    try {
      const applied = await migrate(admin, config.databaseUrl);
      if (applied.length) log.info({ applied }, 'applied migrations');
    } finally {
      await admin.close(true);
    }
  }
  const orm = await connectOrm(config, log, config.dbStatementTimeoutMs);
  const events = new EventBus(config.redisUrl, log);
  const mongo = new MongoConnection(config.mongoUrl, config.mongoConnectTimeoutMs, log);
  const models = createModelLifecycle(config, orm, events, mongo, log);
  await models.start();
  const productCache = new ProductCache(config.productCacheMax, config.productCacheTtlMs);
  const userLists = new UserLists({ maxItems: config.userListCacheItems, prefillN: config.userListPrefillN, log });
  const residentProducts = new ResidentProducts(() => orm.em.fork(), productCache, log);
  const productChanges = listenForProductChanges(config.databaseUrl, residentProducts, log);
  await productChanges.start();
  models.activeModel.onServing(({ model }) => void residentProducts.serve(model.productIds()));
  models.activeModel.onServing(({ model }) => void userLists.serve(model));
  const auth = await createAuth(config, orm, log);
  // One EntityManager for raw statements outside transactions (existence probes, group-commit flushes):
  // nothing enters its identity map, each statement takes its own pool connection, and a MikroORM fork
  // for each of them was more CPU than the statement (bench/README.md, "Lists ranked ahead").
  const sharedEm = orm.em.fork();
  const interactionIngest = new InteractionIngest(sharedEm, events, config.groupCommit);
  const deps: AppDeps = { config, orm, events, models, productCache, knownUsers: new KnownUsers(KNOWN_USERS_MAX), sharedEm, userLists, auth, interactionIngest };
  const schema = await createSchema(events, config.authDisabled);
  const development = config.nodeEnv === 'development';
  const limits = new Limits<Context>(schema, config.limits, (ctx) => ctx.auth, log);

  /** A request's context with its principal; a token that does not verify fails the whole request. */
  const contextFor = async (authorization: unknown) => {
    try {
      return createContext(deps, await auth.authenticate(authorization));
    } catch (e) {
      if (e instanceof GraphQLError) throw e;
      if (isDatabaseUnavailable(e)) throw unavailable('PostgreSQL');
      const requestId = randomUUID();
      log.error({ requestId, err: e }, 'authentication failed with an internal error');
      throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
    }
  };

  const fastify = Fastify({ bodyLimit: BODY_LIMIT_BYTES });
  const disposeWs = mountGraphqlWs(fastify.server, {
    schema,
    auth,
    limits,
    corsOrigins: config.corsOrigins,
    maxPayloadBytes: config.limits.ws.maxPayloadBytes,
    keepAliveMs: config.limits.ws.keepAliveMs,
    development,
    log,
    contextFor: (principal) => createContext(deps, principal),
  });

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    // main.ts owns SIGINT/SIGTERM and stops everything in order; Apollo's own handler would stop only
    // itself and then re-raise the signal into ours, which left the process running.
    stopOnTerminationSignals: false,
    formatError: formatError(development),
    includeStacktraceInErrorResponses: development,
    // AUTH_DISABLED (development only) is the reference side of bench/auth-overhead: no request limits either.
    ...(!config.authDisabled && { parseOptions: limits.parseOptions, validationRules: limits.validationRules }),
    plugins: [
      // The service's own hooks, as one listener: Apollo pays per listener at every stage of a request.
      requestListenersPlugin<Context>([
        refuseSubscriptionsOverHttp(),
        ...(config.authDisabled ? [] : [limits.requestListener()]),
        errorReporting(log),
        cacheHeaders(config.httpCacheMaxAgeSeconds, () => models.activeModel.get()?.info.version),
        ...(config.executor === 'jit' ? [jitExecution<Context>({ minUses: config.jitMinUses, onCompileError: jitCompileError(log) })] : []),
      ]),
      // Both drain at once on stop: Fastify stops accepting, answers 503 on kept-alive connections and
      // waits for requests in flight (10 s at most), while every WebSocket is closed with 1001 (an open
      // upgraded socket would otherwise keep Fastify's close waiting forever).
      fastifyApolloDrainPlugin(fastify),
      { serverWillStart: () => Promise.resolve({ drainServer: disposeWs }) },
      config.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
      // Nothing leaves this machine: no usage or schema reporting to Apollo's cloud.
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // No cache hints are set; the default plugin wraps every field resolver for nothing
      // (measured: a quarter less API CPU per exported trainingData row without it).
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  fastify.setErrorHandler(graphqlShapedErrors(log));
  await fastify.register(healthRoutes(orm, mongo, events));
  await fastify.register(metricsRoute(events, models.activeModel, [interactionIngest.batchSizes, dbQueryCounter(orm), productCacheGauge(productCache), userListLookups(userLists), userListsPrefilled(userLists)]));
  await fastify.register(consoleRoutes());
  const inFlight = new InFlight();
  const graphqlHandler = fastifyApolloHandler(apollo, {
    context: async (request) => limits.withAddress(await contextFor(request.headers.authorization), request.raw),
  });
  // CORS for /graphql only, as before; the health and metrics routes answer same-origin tools.
  await fastify.register(async (graphql) => {
    await graphql.register(cors, { origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, credentials: true });
    graphql.addHook('onSend', conditionalResponse);
    graphql.route<{ Reply: string }>({
      url: '/graphql',
      method: ['GET', 'POST'],
      handler(request, reply) {
        return inFlight.track(async () => graphqlHandler.call(this, request, reply));
      },
    });
  });

  /** Stops in dependency order; a step that fails is logged and the rest still run. */
  const close = async () => {
    const steps: Array<[string, () => Promise<unknown>]> = [
      // Before http, which waits for its requests: their pending writes go now, not after their window.
      ['interaction group commit', () => interactionIngest.close()],
      ['http', () => apollo.stop()],
      [
        'requests whose clients have gone',
        async () => {
          const left = await inFlight.settled(IN_FLIGHT_WAIT_MS);
          if (left > 0) log.warn({ requests: left, waitedMs: IN_FLIGHT_WAIT_MS }, 'GraphQL requests still running at shutdown');
        },
      ],
      ['job queue and model', () => models.stop()],
      ['lists ranked ahead', () => Promise.resolve(userLists.stop())],
      ['api key listener', () => auth.stop()],
      ['product changes', () => Promise.all([productChanges.stop(), residentProducts.stop()])],
      ['rate limits', () => limits.close()],
      ['events', () => events.close()],
      ['mongodb', () => mongo.close()],
      ['postgres', () => orm.close(true)],
    ];
    for (const [name, step] of steps) {
      log.debug({ step: name }, 'shutting down');
      await step().catch((e: Error) => log.warn({ err: e.message, step: name }, 'shutdown step failed'));
    }
  };

  try {
    await fastify.listen({ port: config.port, host: config.host });
  } catch (e) {
    await close();
    throw listenFailure(e, config.host, config.port);
  }
  const { port } = fastify.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  log.info({ port }, `GraphQL ready at http://${host}:${port}/graphql`);

  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    httpServer: fastify.server,
    orm,
    events,
    mongo,
    models,
    userLists,
    close,
  };
}
