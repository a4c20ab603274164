import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';
import type { PubSub as TypeGraphqlPubSub } from 'type-graphql';

export const Topic = {
  InteractionTracked: 'INTERACTION_TRACKED',
  ModelRetrained: 'MODEL_RETRAINED',
} as const;

/**
 * Topics every replica publishes for itself: each API process announces a new model once it serves it
 * (see ActiveModel), so these must not also fan out through Redis.
 */
const LOCAL_TOPICS = new Set<string>([Topic.ModelRetrained]);

/**
 * The one PubSub of a process: in memory by default; through Redis when REDIS_URL is set, so telemetry
 * published by any replica reaches the subscribers of every replica. It counts live subscriptions per
 * topic, which lets tests wait until a subscriber is really attached.
 */
export class EventBus implements TypeGraphqlPubSub {
  private readonly local = createPubSub();
  private readonly shared: ReturnType<typeof createPubSub>;
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private readonly redis: Redis[] = [];

  constructor(redisUrl?: string) {
    if (redisUrl) {
      const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
      const subscribeClient = new Redis(redisUrl, { lazyConnect: false });
      this.redis.push(publishClient, subscribeClient);
      this.shared = createPubSub({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
    } else {
      this.shared = this.local;
    }
  }

  publish(routingKey: string, ...args: unknown[]): void {
    (this.route(routingKey).publish as unknown as (k: string, ...a: unknown[]) => void)(routingKey, ...args);
  }

  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterable<unknown> {
    const source = (this.route(routingKey).subscribe as unknown as (k: string, id?: unknown) => AsyncIterable<unknown>)(routingKey, dynamicId);
    return this.counted(routingKey, source);
  }

  private route(topic: string) {
    return LOCAL_TOPICS.has(topic) ? this.local : this.shared;
  }

  subscriberCount(topic: string): number {
    return this.counts.get(topic) ?? 0;
  }

  /** Resolves once `topic` has at least `n` live subscriptions (or rejects after timeoutMs). */
  waitForSubscribers(topic: string, n: number, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.subscriberCount(topic) < n) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${n} subscriber(s) on ${topic}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.redis.map((r) => r.quit().catch(() => r.disconnect())));
  }

  private adjust(topic: string, delta: number) {
    this.counts.set(topic, this.subscriberCount(topic) + delta);
    for (const w of [...this.waiters]) w();
  }

  private counted(topic: string, source: AsyncIterable<unknown>): AsyncIterable<unknown> {
    const bus = this;
    return {
      [Symbol.asyncIterator]() {
        const it = source[Symbol.asyncIterator]();
        let open = true;
        bus.adjust(topic, 1);
        const close = () => {
          if (open) {
            open = false;
            bus.adjust(topic, -1);
          }
        };
        return {
          async next() {
            const r = await it.next();
            if (r.done) close();
            return r;
          },
          async return(value?: unknown) {
            close();
            return it.return ? it.return(value) : { done: true as const, value };
          },
          async throw(e?: unknown) {
            close();
            if (it.throw) return it.throw(e);
            throw e;
          },
        };
      },
    };
  }
}
