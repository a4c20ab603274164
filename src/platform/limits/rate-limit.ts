import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../logger';

export type RateRole = 'admin' | 'service' | 'shopper' | 'anonymous';

/** Who a request counts against: a role and, within it, a key id, a user id or the client address. */
export interface Caller {
  role: RateRole;
  key: string;
}

export interface RateLimitOptions {
  /** Requests per window for each role; 0: unlimited. */
  points: Record<RateRole, number>;
  windowSeconds: number;
  redisUrl?: string;
}

/**
 * Per-caller request budgets (rate-limiter-flexible): shared by every replica through Redis when
 * REDIS_URL is set, in memory otherwise. While Redis is unreachable each process counts in memory (the
 * library's insurance limiter), so an outage neither blocks requests nor lifts the limits.
 */
export class RateLimits {
  private readonly limiters = new Map<RateRole, RateLimiterAbstract>();
  private readonly redis?: Redis;

  constructor(o: RateLimitOptions, log?: Logger) {
    if (o.redisUrl && Object.values(o.points).some((p) => p > 0)) {
      // No offline queue: while disconnected a command fails at once and the insurance limiter answers.
      this.redis = new Redis(o.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      let warned = false;
      this.redis.on('error', (e: Error) => {
        if (!warned) log?.warn({ err: e.message }, 'Redis unavailable: rate limits are counted per process until it is back');
        warned = true;
      });
      this.redis.on('ready', () => (warned = false));
    }
    for (const [role, points] of Object.entries(o.points) as Array<[RateRole, number]>) {
      if (points === 0) continue;
      const base = { points, duration: o.windowSeconds, keyPrefix: `recs_rl_${role}` };
      this.limiters.set(
        role,
        this.redis
          ? new RateLimiterRedis({ ...base, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(base) })
          : new RateLimiterMemory(base),
      );
    }
  }

  /** Counts one request; a RATE_LIMITED error (with retryAfterSeconds) when the caller's budget is spent. */
  async consume(caller: Caller): Promise<GraphQLError | undefined> {
    const limiter = this.limiters.get(caller.role);
    if (!limiter) return undefined;
    try {
      await limiter.consume(caller.key);
      return undefined;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) return undefined; // a store error the insurance did not absorb: fail open
      return rateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`rate limit exceeded: retry after ${retryAfterSeconds} s`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
  });
}

/** The same refusal over HTTP: status 429 and a Retry-After header (Apollo strips `http` from the body). */
export function withHttpStatus(e: GraphQLError): GraphQLError {
  const seconds = String(e.extensions.retryAfterSeconds);
  return new GraphQLError(e.message, {
    extensions: { ...e.extensions, http: { status: 429, headers: new HeaderMap([['retry-after', seconds]]) } },
  });
}
