import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAuth, webSocketOriginAllowed, type Principal } from '../features/auth';
import type { Config } from '../platform/config';
import { KnownUsers, listenForProductChanges, ProductCache } from '../features/catalog';
import { createContext, type AppDeps, type Context } from './context';
import { initOrm, migrate, type Orm } from '../platform/db/orm';
import { entities } from './entities';
import { EventBus } from '../platform/events/pubsub';
import { errorReportingPlugin, formatError, formatWsErrors, isDatabaseUnavailable } from './graphql-errors';
import { unavailable } from '../platform/errors';
import { healthRoutes } from './health';
import { Limits } from '../platform/limits';
import { metricsRoute } from './metrics';
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
  close(): Promise<void>;
}

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

/** Builds the whole service on one http.Server: GraphQL over HTTP and WebSocket at /graphql, health routes. */
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
  const productChanges = listenForProductChanges(config.databaseUrl, productCache, log);
  await productChanges.start();
  const auth = await createAuth(config, orm, log);
  const deps: AppDeps = { config, orm, events, models, productCache, knownUsers: new KnownUsers(KNOWN_USERS_MAX), auth };
  const schema = await createSchema(events, config.authDisabled);
  const development = config.nodeEnv === 'development';
  const limits = new Limits<Context>(schema, config.limits, (ctx) => ctx.auth, log);

  /** A request's context with its principal; a token that does not verify fails the whole request. */
  const contextFor = async (authorization: unknown, requestId = randomUUID()) => {
    try {
      return createContext(deps, await auth.authenticate(authorization), requestId);
    } catch (e) {
      if (e instanceof GraphQLError) throw e;
      if (isDatabaseUnavailable(e)) throw unavailable('PostgreSQL');
      log.error({ requestId, err: e }, 'authentication failed with an internal error');
      throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
    }
  };

  const app = express();
  const httpServer = http.createServer(app);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.limits.ws.maxPayloadBytes,
    verifyClient: ({ req }, done) => done(webSocketOriginAllowed(req, config.corsOrigins), 403, 'Origin not allowed'),
  });
  // The connection_init payload's `authorization` names the principal of every operation on that socket;
  // it is verified again for each operation and, for every open socket, whenever a key may have been
  // revoked: a revoked key closes its sockets (4401), subscriptions included.
  const principals = new WeakMap<object, Principal>();
  const openSockets = new Map<WebSocket, unknown>();
  const refuse = (socket: WebSocket, e: unknown): void => {
    const reason = e instanceof GraphQLError && e.extensions.code === 'UNAUTHENTICATED' ? `Unauthorized: ${e.message}` : null;
    if (!reason) log.error({ err: e }, 'WebSocket authentication failed with an internal error');
    socket.close(reason ? 4401 : 1011, (reason ?? 'Authentication unavailable').slice(0, 120));
  };
  auth.onRevocation(() => {
    for (const [socket, authorization] of openSockets) {
      auth.authenticate(authorization).catch((e: unknown) => refuse(socket, e));
    }
  });
  limits.limitConnections(wsServer);
  const wsCleanup = useServer<Record<string, unknown>, Context>(
    {
      schema,
      ...limits.wsOptions(),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          principals.set(ctx, await auth.authenticate(authorization));
        } catch (e) {
          refuse(ctx.extra.socket, e);
          return false;
        }
        const socket = ctx.extra.socket;
        openSockets.set(socket, authorization);
        socket.once('close', () => openSockets.delete(socket));
        return true;
      },
      context: async (ctx) => {
        if (!principals.has(ctx)) throw new Error('operation before connection_init was accepted');
        let principal: Principal;
        try {
          principal = await auth.authenticate(ctx.connectionParams?.authorization);
        } catch (e) {
          refuse(ctx.extra.socket, e);
          throw e;
        }
        return limits.withAddress(createContext(deps, principal), ctx.extra.request);
      },
      onNext: (_ctx, _id, _payload, args, result) =>
        result.errors?.length
          ? { ...result, errors: formatWsErrors(result.errors, (args.contextValue as Context).requestId, log, development) }
          : undefined,
      onError: (_ctx, _id, _payload, errors) => formatWsErrors(errors, randomUUID(), log, development),
    },
    wsServer,
  );

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
      ...(config.authDisabled ? [] : [limits.apolloPlugin()]),
      errorReportingPlugin(log),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
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

  const origin = config.corsOrigins.includes('*') ? true : config.corsOrigins;
  app.use(healthRoutes(orm, mongo, events));
  app.use(metricsRoute(events, models.activeModel));
  app.use(
    '/graphql',
    cors<cors.CorsRequest>({ origin, credentials: true }),
    express.json({ limit: '10mb' }),
    expressMiddleware(apollo, { context: async ({ req }) => limits.withAddress(await contextFor(req.headers.authorization), req) }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  log.info({ port }, `GraphQL ready at http://${host}:${port}/graphql`);

  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    httpServer,
    orm,
    events,
    mongo,
    models,
    /** Stops in dependency order; a step that fails is logged and the rest still run. */
    async close() {
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['http', () => apollo.stop()],
        ['job queue and model', () => models.stop()],
        ['api key listener', () => auth.stop()],
        ['product changes', () => productChanges.stop()],
        ['rate limits', () => limits.close()],
        ['events', () => events.close()],
        ['mongodb', () => mongo.close()],
        ['postgres', () => orm.close(true)],
      ];
      for (const [name, step] of steps) {
        log.debug({ step: name }, 'shutting down');
        await step().catch((e: Error) => log.warn({ err: e.message, step: name }, 'shutdown step failed'));
      }
    },
  };
}
