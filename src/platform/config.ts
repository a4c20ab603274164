import { CronExpressionParser } from 'cron-parser';
import { bool, cleanEnv, makeValidator, str, url } from 'envalid';
import { MAX_DAYS, MIN_DAYS } from './days';

/** A whole number from min to max (envalid's num() accepts fractions and negatives). */
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  makeValidator<number>((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`must be an integer from ${min} to ${max}`);
    return n;
  });

/** A number from min to max, fractions allowed. */
const fraction = (min: number, max: number) =>
  makeValidator<number>((v) => {
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`must be a number from ${min} to ${max}`);
    return n;
  });

const days = int(MIN_DAYS, MAX_DAYS);

// cron-parser (Agenda's own parser): a bad schedule is reported at start-up, not at 02:00.
const cron = makeValidator<string>((v) => {
  try {
    CronExpressionParser.parse(v, { tz: 'UTC' });
  } catch (e) {
    throw new Error(`is not a cron expression: ${(e as Error).message}`);
  }
  return v;
});

// envalid: declarative env schema with defaults and one clear report of every bad variable at start-up.
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const c = cleanEnv(env, {
    NODE_ENV: str({ choices: ['development', 'production', 'test'], default: 'development' }),
    HOST: str({ default: '0.0.0.0', desc: 'interface the HTTP/WebSocket server binds' }),
    PORT: int(0, 65535)({ default: 4000, desc: '0 asks the OS for a free port' }),
    DATABASE_URL: url({ default: 'postgres://postgres@127.0.0.1:5432/recs' }),
    DB_POOL_MAX: int(1, 1000)({ default: 10 }),
    DB_CONNECT_TIMEOUT_MS: int(1)({ default: 5000 }),
    DB_STATEMENT_TIMEOUT_MS: int(0)({ default: 15_000, desc: 'PostgreSQL statement_timeout of the pool connections; 0: none' }),
    MIGRATE_ON_START: bool({ default: true }),
    MONGO_URL: url({ default: 'mongodb://127.0.0.1:27017/recs' }),
    MONGO_CONNECT_TIMEOUT_MS: int(1)({ default: 5000 }),
    REDIS_URL: str({ default: '', desc: 'when set, subscriptions fan out through Redis to every replica' }),
    HEAP_GROWING_PERCENT: int(0, 300)({ default: 50, desc: 'V8 heap growth between major collections, in percent of the live heap; 0: V8 chooses (up to 300)' }),
    LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
    CORS_ORIGINS: str({ default: 'https://studio.apollographql.com', desc: 'comma-separated; * for any' }),
    GRAPHQL_INTROSPECTION: bool({ default: undefined, desc: 'schema introspection; default: on unless NODE_ENV=production' }),
    GRAPHQL_LANDING_PAGE: bool({ default: undefined, desc: 'Apollo Sandbox on GET /graphql; default: on unless NODE_ENV=production' }),
    MAX_BATCH_SIZE: int(1, 10_000)({ default: 1000 }),
    GROUP_COMMIT_WINDOW_MS: int(0, 1000)({ default: 2, desc: 'how long a single trackInteraction waits for concurrent ones to share its insert; 0: each its own insert' }),
    GROUP_COMMIT_MAX: int(1, 10_000)({ default: 200, desc: 'single trackInteraction events in one group-committed insert at most' }),
    PRODUCT_CACHE_TTL_MS: int(0)({ default: 300_000, desc: 'how long a product read on demand stays cached in this process at most (product writes anywhere refresh it at once); 0: no cache' }),
    PRODUCT_CACHE_MAX: int(1)({ default: 100_000, desc: "the served model's products kept in the cache at most (its most popular), and as many read on demand (every cached product adds to each major GC)" }),
    USER_LIST_CACHE_ITEMS: int(0)({ default: 200_000, desc: "recommendations of personalised lists the served model has ranked, kept in this process (exact until the model changes); 0: no cache" }),
    USER_LIST_PREFILL_N: int(0, 100)({ default: 10, desc: "n of the personalised lists ranked ahead for the model's users when it starts to be served, while the list cache has room (the lists requests asked for under the previous model are ranked again whatever this is); 0: none" }),
    HTTP_CACHE_MAX_AGE_SECONDS: int(0, 31_536_000)({ default: 60, desc: 'max-age of answers that depend only on the catalogue and the model (Cache-Control: public)' }),
    RETRAIN_CRON: cron({ default: '0 2 * * *', desc: 'repeating retrain schedule, cron syntax, in UTC' }),
    RETRAIN_SCHEDULE_ENABLED: bool({ default: true, desc: 'false: no in-process schedule (e.g. a Kubernetes CronJob retrains); removes a stored one' }),
    RETRAIN_DAYS: days({ default: 30, desc: 'training window of scheduled retrains' }),
    STARTUP_RETRAIN_DAYS: days({ default: 90, desc: 'window of the one training at start-up when no model exists' }),
    RETRAIN_TIMEOUT_MS: int(1000)({ default: 3_600_000, desc: 'a retrain queued or running for longer is marked FAILED (abandoned)' }),
    RETRAIN_HEARTBEAT_MS: int(50, 600_000)({ default: 10_000, desc: 'a running retrain renews its heartbeat this often; one silent for 3 intervals is FAILED (its process died)' }),
    MODEL_RETENTION: int(1, 100_000)({ default: 10, desc: 'model artifacts kept: the newest this many versions (REJECTED ones count) and the live one' }),
    AGENDA_LOCK_LIFETIME_MS: int(300)({ default: 60_000, desc: 'Agenda job lock; renewed while a retrain runs, so a dead process frees it this fast' }),
    SCHEDULER_POLL_MS: int(10)({ default: 5000, desc: 'how often Agenda looks for due jobs' }),
    MODEL_POLL_INTERVAL_MS: int(100)({ default: 30_000, desc: 'safety-net check for a new active model besides LISTEN/NOTIFY' }),
    RECS_NEIGHBOURS: int(1, 1000)({ default: 50, desc: 'K: precomputed similar products per product' }),
    RECS_HALF_LIFE_DAYS: days({ default: 14, desc: 'recency half-life of interactions in personalised lists' }),
    ADMIN_API_KEY: str({ default: '', desc: 'always accepted as an admin API key (bootstrap); required in production' }),
    JWT_SECRET: str({ default: '', desc: 'HS256 secret of shopper tokens' }),
    JWT_JWKS_URL: str({ default: '', desc: 'JWKS URL with the public keys of shopper tokens (RS/PS/ES/EdDSA)' }),
    JWT_ISSUER: str({ default: '', desc: 'when set, shopper tokens must carry this iss' }),
    JWT_AUDIENCE: str({ default: '', desc: 'when set, shopper tokens must carry this aud' }),
    AUTH_DISABLED: bool({ default: false, desc: 'development only (benchmarks): every request is admin, no token checked, no request limits' }),
    PROMOTION_TOLERANCE: fraction(0, 1)({ default: 0.1, desc: 'a new model goes live unless its NDCG@10 is more than this share below the live one\'s' }),
    GRAPHQL_EXECUTOR: str({ choices: ['jit', 'graphql-js'], default: 'jit', desc: 'jit: queries compiled by graphql-jit (graphql-js runs mutations, what it cannot compile, and a query whose compiled run reported errors until it answers without); graphql-js: the reference executor' }),
    GRAPHQL_JIT_MIN_USES: int(0, 1_000_000)({ default: 2, desc: 'runs of a document on graphql-js before graphql-jit compiles it (a one-off query is not worth compiling); 0: compile on first use' }),
    GRAPHQL_MAX_DEPTH: int(1, 1000)({ default: 16, desc: 'deepest field nesting of an operation (the standard introspection query needs 15)' }),
    GRAPHQL_MAX_COST: int(1)({ default: 500_000, desc: 'each field costs 1, times its list size (first, n, limit; 10 for a list without one)' }),
    GRAPHQL_MAX_ALIASES: int(0)({ default: 30, desc: 'aliased fields in one operation' }),
    GRAPHQL_MAX_ROOT_FIELDS: int(1)({ default: 20, desc: 'top-level fields in one operation' }),
    GRAPHQL_MAX_TOKENS: int(100)({ default: 10_000, desc: 'parser tokens in one document (send large batches as variables)' }),
    RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400)({ default: 60, desc: 'window of the RATE_LIMIT_* budgets' }),
    RATE_LIMIT_ADMIN: int(0)({ default: 0, desc: 'requests per window per admin key; 0: unlimited' }),
    RATE_LIMIT_SERVICE: int(0)({ default: 100_000, desc: 'requests per window per service key; 0: unlimited' }),
    RATE_LIMIT_SHOPPER: int(0)({ default: 1200, desc: 'requests per window per shopper (token sub); 0: unlimited' }),
    RATE_LIMIT_ANONYMOUS: int(0)({ default: 300, desc: 'requests per window per client address without credentials; 0: unlimited' }),
    TRUST_PROXY: str({ default: '', desc: 'proxies whose X-Forwarded-For names the client: a hop count, or comma-separated addresses/subnets/loopback' }),
    WS_MAX_PAYLOAD_BYTES: int(1024)({ default: 1_048_576, desc: 'largest WebSocket message accepted' }),
    WS_MAX_CONNECTIONS_PER_ADDRESS: int(1)({ default: 20, desc: 'open WebSocket connections per client address' }),
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: int(1)({ default: 20, desc: 'operations running at once on one WebSocket connection' }),
    WS_CONNECTION_INIT_TIMEOUT_MS: int(100)({ default: 5000, desc: 'a WebSocket that sends no connection_init within this is closed (4408)' }),
    WS_KEEPALIVE_MS: int(1000)({ default: 12_000, desc: 'WebSocket ping interval; a peer that has not answered the previous ping is cut off' }),
    WS_SUBSCRIBER_QUEUE_MAX: int(10)({ default: 10_000, desc: 'events waiting for one subscriber before its socket is closed (4013); keep above MAX_BATCH_SIZE' }),
  }, { reporter: throwOnInvalid });
  checkSecurity(c);
  return {
    nodeEnv: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dbPoolMax: c.DB_POOL_MAX,
    dbConnectTimeoutMs: c.DB_CONNECT_TIMEOUT_MS,
    dbStatementTimeoutMs: c.DB_STATEMENT_TIMEOUT_MS,
    migrateOnStart: c.MIGRATE_ON_START,
    mongoUrl: c.MONGO_URL,
    mongoConnectTimeoutMs: c.MONGO_CONNECT_TIMEOUT_MS,
    redisUrl: c.REDIS_URL || undefined,
    logLevel: c.LOG_LEVEL,
    heapGrowingPercent: c.HEAP_GROWING_PERCENT,
    corsOrigins: c.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    introspection: c.GRAPHQL_INTROSPECTION ?? c.NODE_ENV !== 'production',
    landingPage: c.GRAPHQL_LANDING_PAGE ?? c.NODE_ENV !== 'production',
    executor: c.GRAPHQL_EXECUTOR,
    jitMinUses: c.GRAPHQL_JIT_MIN_USES,
    maxBatchSize: c.MAX_BATCH_SIZE,
    groupCommit: { windowMs: c.GROUP_COMMIT_WINDOW_MS, maxItems: c.GROUP_COMMIT_MAX },
    productCacheTtlMs: c.PRODUCT_CACHE_TTL_MS,
    productCacheMax: c.PRODUCT_CACHE_MAX,
    userListCacheItems: c.USER_LIST_CACHE_ITEMS,
    userListPrefillN: c.USER_LIST_PREFILL_N,
    httpCacheMaxAgeSeconds: c.HTTP_CACHE_MAX_AGE_SECONDS,
    retrainCron: c.RETRAIN_CRON,
    retrainScheduleEnabled: c.RETRAIN_SCHEDULE_ENABLED,
    retrainDays: c.RETRAIN_DAYS,
    startupRetrainDays: c.STARTUP_RETRAIN_DAYS,
    retrainTimeoutMs: c.RETRAIN_TIMEOUT_MS,
    retrainHeartbeatMs: c.RETRAIN_HEARTBEAT_MS,
    modelRetention: c.MODEL_RETENTION,
    agendaLockLifetimeMs: c.AGENDA_LOCK_LIFETIME_MS,
    schedulerPollMs: c.SCHEDULER_POLL_MS,
    modelPollIntervalMs: c.MODEL_POLL_INTERVAL_MS,
    neighbours: c.RECS_NEIGHBOURS,
    halfLifeDays: c.RECS_HALF_LIFE_DAYS,
    promotionTolerance: c.PROMOTION_TOLERANCE,
    adminApiKey: c.ADMIN_API_KEY || undefined,
    jwt: {
      secret: c.JWT_SECRET || undefined,
      jwksUrl: c.JWT_JWKS_URL || undefined,
      issuer: c.JWT_ISSUER || undefined,
      audience: c.JWT_AUDIENCE || undefined,
    },
    authDisabled: c.AUTH_DISABLED,
    limits: {
      query: {
        maxDepth: c.GRAPHQL_MAX_DEPTH,
        maxCost: c.GRAPHQL_MAX_COST,
        maxAliases: c.GRAPHQL_MAX_ALIASES,
        maxRootFields: c.GRAPHQL_MAX_ROOT_FIELDS,
        maxTokens: c.GRAPHQL_MAX_TOKENS,
      },
      rate: {
        windowSeconds: c.RATE_LIMIT_WINDOW_SECONDS,
        points: { admin: c.RATE_LIMIT_ADMIN, service: c.RATE_LIMIT_SERVICE, shopper: c.RATE_LIMIT_SHOPPER, anonymous: c.RATE_LIMIT_ANONYMOUS },
        redisUrl: c.REDIS_URL || undefined,
      },
      ws: {
        maxPayloadBytes: c.WS_MAX_PAYLOAD_BYTES,
        maxConnectionsPerAddress: c.WS_MAX_CONNECTIONS_PER_ADDRESS,
        maxSubscriptionsPerConnection: c.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
        connectionInitTimeoutMs: c.WS_CONNECTION_INIT_TIMEOUT_MS,
        subscriberQueueMax: c.WS_SUBSCRIBER_QUEUE_MAX,
        keepAliveMs: c.WS_KEEPALIVE_MS,
      },
      trustProxy: /^\d+$/.test(c.TRUST_PROXY.trim())
        ? Number(c.TRUST_PROXY.trim())
        : c.TRUST_PROXY.split(',').map((s) => s.trim()).filter(Boolean),
    },
  };
}

/** Production starts only with credentials configured and explicit origins; one message names every gap. */
function checkSecurity(c: { NODE_ENV: string; ADMIN_API_KEY: string; JWT_SECRET: string; JWT_JWKS_URL: string; CORS_ORIGINS: string; AUTH_DISABLED: boolean }) {
  const problems: string[] = [];
  if (c.ADMIN_API_KEY && c.ADMIN_API_KEY.length < 16) problems.push('  ADMIN_API_KEY: must be at least 16 characters');
  if (c.JWT_JWKS_URL && !/^https?:\/\/[^/]/.test(c.JWT_JWKS_URL)) problems.push('  JWT_JWKS_URL: must be an http(s) URL');
  if (c.AUTH_DISABLED && c.NODE_ENV !== 'development') problems.push('  AUTH_DISABLED: only allowed with NODE_ENV=development');
  if (c.NODE_ENV === 'production') {
    if (!c.ADMIN_API_KEY || !(c.JWT_SECRET || c.JWT_JWKS_URL)) {
      problems.push('  NODE_ENV=production needs ADMIN_API_KEY (an admin API key) and a JWT configuration (JWT_SECRET or JWT_JWKS_URL)');
    }
    if (c.CORS_ORIGINS.split(',').some((o) => o.trim() === '*')) problems.push('  CORS_ORIGINS: must list explicit origins in production, not *');
  }
  if (problems.length) throw new Error(`invalid configuration:\n${problems.join('\n')}`);
}

/** Reports every missing or invalid variable in one error instead of exiting the process. */
function throwOnInvalid({ errors }: { errors: Partial<Record<string, Error>> }) {
  const bad = Object.entries(errors).map(([name, e]) => `  ${name}: ${e?.message}`);
  if (bad.length) throw new Error(`invalid configuration:\n${bad.join('\n')}`);
}

export type Config = ReturnType<typeof loadConfig>;
