import type { IncomingMessage } from 'node:http';
import type { GraphQLRequestListener } from '@apollo/server';
import {
  execute as graphqlExecute,
  GraphQLError,
  parse,
  specifiedRules,
  subscribe as graphqlSubscribe,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import proxyaddr from 'proxy-addr';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger';
import { costError, QueryCosts, queryLimitRules, type QueryLimits } from './query-limits';
import { RateLimits, withHttpStatus, type Caller, type RateLimitOptions, type RateRole } from './rate-limit';
import { boundedSubscription, SLOW_SUBSCRIBER_CLOSE_CODE } from './slow-subscribers';

export { SLOW_SUBSCRIBER_CLOSE_CODE } from './slow-subscribers';
/** WebSocket close code for a connection over WS_MAX_CONNECTIONS_PER_ADDRESS. */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4029;
/**
 * How long a slow subscriber's socket may take to read up to its close frame: long enough for a client
 * that resumes reading to learn why (4013), even on a loaded host. The subscription is already stopped,
 * so only the socket's unread bytes wait.
 */
const SLOW_SUBSCRIBER_GRACE_MS = 10_000;

export interface WsLimits {
  maxPayloadBytes: number;
  maxConnectionsPerAddress: number;
  maxSubscriptionsPerConnection: number;
  connectionInitTimeoutMs: number;
  subscriberQueueMax: number;
  /** graphql-ws ping interval: a socket that has not answered the previous ping is terminated. */
  keepAliveMs: number;
}

export interface LimitsConfig {
  query: QueryLimits;
  rate: RateLimitOptions;
  ws: WsLimits;
  /** Proxies whose X-Forwarded-For is believed (proxy-addr syntax: addresses, subnets, names, or a hop count). */
  trustProxy: string[] | number;
}

/** What the rate limits need to know of a caller; the auth layer's principal fits it. */
export interface Identity {
  role: RateRole;
  keyId?: string | null;
  userId?: string;
}

type WsExtra = { socket: WebSocket; request: IncomingMessage };

/**
 * Where a context's client address is kept: on the context itself, since Apollo hands plugins a
 * shallow copy of the context (a WeakMap keyed by the original missed, so every anonymous HTTP caller
 * shared one budget). Object.assign copies symbol keys with the rest.
 */
const CLIENT_ADDRESS = Symbol('clientAddress');
type WithAddress = { [CLIENT_ADDRESS]?: string };

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof (v as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * Every abuse limit in one place: query depth, aliases, root fields, cost and tokens (HTTP and
 * WebSocket alike), per-caller rate limits, and the WebSocket limits (payload size, connections per
 * address, subscriptions per connection, connection_init deadline, slow subscribers).
 * `identityOf` reads who sent a request from its context; without one the client address counts.
 */
export class Limits<C extends object> {
  private readonly rules;
  private readonly costs: QueryCosts;
  private readonly rates: RateLimits;
  private readonly trust;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly config: LimitsConfig,
    private readonly identityOf: (ctx: C) => Identity | undefined,
    private readonly log: Logger,
  ) {
    this.rules = queryLimitRules(config.query);
    this.costs = new QueryCosts(schema);
    this.rates = new RateLimits(config.rate, log);
    const hops = config.trustProxy;
    this.trust = typeof hops === 'number' ? (_addr: string, i: number) => i < hops : proxyaddr.compile(hops);
  }

  get parseOptions() {
    return { maxTokens: this.config.query.maxTokens };
  }

  get validationRules() {
    return this.rules;
  }

  /** The address a request came from (the first untrusted hop of X-Forwarded-For behind trusted proxies). */
  clientAddress(req: IncomingMessage): string {
    return proxyaddr(req, this.trust);
  }

  /** Remembers which address a context belongs to; returns the context. */
  withAddress<T extends C>(ctx: T, req: IncomingMessage): T {
    return Object.assign(ctx, { [CLIENT_ADDRESS]: this.clientAddress(req) });
  }

  private caller(ctx: C): Caller {
    const id = this.identityOf(ctx);
    const address = (ctx as WithAddress)[CLIENT_ADDRESS] ?? 'unknown';
    if (!id || id.role === 'anonymous') return { role: 'anonymous', key: `addr:${address}` };
    if (id.role === 'shopper') return { role: 'shopper', key: `user:${id.userId}` };
    return { role: id.role, key: `key:${id.keyId ?? 'env'}` };
  }

  /** HTTP, one Apollo request listener for the whole server: rate limit, then cost (depth, aliases, root fields and tokens are checked while parsing and validating). */
  requestListener(): GraphQLRequestListener<C> {
    return {
      didResolveOperation: async ({ contextValue, document, request, operationName }) => {
        const limited = await this.rates.consume(this.caller(contextValue));
        if (limited) throw withHttpStatus(limited);
        const tooCostly = this.costError(document, request.variables, operationName);
        if (tooCostly) throw tooCostly;
      },
    };
  }

  private costError(document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null | undefined) {
    let cost: number;
    try {
      cost = this.costs.cost(document, variables, operationName);
    } catch (e) {
      // e.g. a variable of the wrong type: execution reports it the usual way
      if (e instanceof GraphQLError) return undefined;
      throw e;
    }
    return costError(this.config.query.maxCost, cost);
  }

  /** graphql-ws options: the same query limits and rate limits as HTTP, plus the WebSocket ones. */
  wsOptions(): Pick<ServerOptions<Record<string, unknown>, WsExtra>, 'connectionInitWaitTimeout' | 'onSubscribe' | 'onOperation' | 'execute' | 'subscribe'> {
    const ws = this.config.ws;
    return {
      connectionInitWaitTimeout: ws.connectionInitTimeoutMs,
      onSubscribe: (ctx, _id, payload) => {
        // the new operation is already counted in ctx.subscriptions
        if (Object.keys(ctx.subscriptions).length > ws.maxSubscriptionsPerConnection) {
          return [new GraphQLError(`at most ${ws.maxSubscriptionsPerConnection} operations at once on one connection`, {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'subscriptions', max: ws.maxSubscriptionsPerConnection },
          })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, this.parseOptions);
        } catch (e) {
          return [e instanceof GraphQLError ? e : new GraphQLError(String(e))];
        }
        const errors = validate(this.schema, document, [...specifiedRules, ...this.rules]);
        if (errors.length) return [...errors];
        const tooCostly = this.costError(document, payload.variables ?? undefined, payload.operationName);
        if (tooCostly) return [tooCostly];
        return { schema: this.schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      execute: async (args) => (await this.wsRateLimit(args)) ?? graphqlExecute(args),
      subscribe: async (args) => (await this.wsRateLimit(args)) ?? graphqlSubscribe(args),
      onOperation: (ctx, _id, _payload, _args, result) => {
        if (!isAsyncIterable(result)) return undefined;
        return boundedSubscription(result, ws.subscriberQueueMax, () => {
          this.log.warn({ queued: ws.subscriberQueueMax, address: this.clientAddress(ctx.extra.request) }, 'closed a subscriber that does not keep up');
          const { socket } = ctx.extra;
          socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, `subscriber too slow: more than ${ws.subscriberQueueMax} events waiting`);
          // The close frame waits behind the unread data: a client that is not reading is cut off.
          setTimeout(() => socket.terminate(), SLOW_SUBSCRIBER_GRACE_MS).unref();
        });
      },
    };
  }

  private async wsRateLimit(args: ExecutionArgs) {
    const limited = await this.rates.consume(this.caller(args.contextValue as C));
    return limited ? { errors: [limited] } : undefined;
  }

  /** Counts connections per client address; one over the limit is closed at once. */
  limitConnections(wss: WebSocketServer): void {
    const open = new Map<string, number>();
    const max = this.config.ws.maxConnectionsPerAddress;
    wss.on('connection', (socket, req) => {
      const address = this.clientAddress(req);
      const n = (open.get(address) ?? 0) + 1;
      open.set(address, n);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
      if (n > max) socket.close(TOO_MANY_CONNECTIONS_CLOSE_CODE, `too many connections from this address (at most ${max})`);
    });
  }

  close(): Promise<void> {
    return this.rates.close();
  }
}
