import Redis from 'ioredis';
import type { PubSub as TypeGraphqlPubSub } from 'type-graphql';
import type { Logger } from '../logger';

export const Topic = {
  InteractionTracked: 'INTERACTION_TRACKED',
  ModelRetrained: 'MODEL_RETRAINED',
  RetrainJobUpdated: 'RETRAIN_JOB_UPDATED',
} as const;

/**
 * Topics every replica publishes for itself: each API process announces a new model once it serves it
 * (see ActiveModel), and a retrain job's change once PostgreSQL notified it (see RetrainJobFeed), so
 * these must not also fan out through Redis.
 */
const LOCAL_TOPICS = new Set<string>([Topic.ModelRetrained, Topic.RetrainJobUpdated]);
const SHARED_TOPICS = Object.values(Topic).filter((t) => !LOCAL_TOPICS.has(t));

interface Subscriber {
  queue: unknown[];
  wake?: () => void;
  closed: boolean;
}

export type FanOutStatus = 'local' | 'up' | 'degraded';

/**
 * The one PubSub of a process: in memory by default; through Redis when REDIS_URL is set, so telemetry
 * published by any replica reaches the subscribers of every replica. While Redis is unreachable, events
 * go to this process's own subscribers only (with a warning), and publishing never throws or rejects:
 * a telemetry write must not fail, or crash the process, because fan-out is down.
 *
 * Each subscription gets its own queue, filled synchronously by publish and drained by its consumer
 * (the graphql-ws server, behind the bounded guard in src/platform/limits/slow-subscribers.ts). It counts live
 * subscriptions per topic (the /metrics gauge; tests poll it to know a subscriber is really attached).
 */
export class EventBus implements TypeGraphqlPubSub {
  private readonly topics = new Map<string, Set<Subscriber>>();
  private readonly pub?: Redis;
  private readonly sub?: Redis;
  private degraded = false;

  constructor(redisUrl?: string, private readonly log?: Logger) {
    if (!redisUrl) return;
    // No offline queue on the publisher: while disconnected a publish fails at once and is delivered
    // locally, instead of waiting in a queue that grows with the telemetry rate.
    this.pub = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // The subscriber resubscribes by itself after a reconnect (ioredis autoResubscribe).
    this.sub = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (e: Error) => this.markDegraded(e.message));
      client.on('ready', () => this.checkRecovered());
    }
    this.sub.on('message', (channel: string, message: string) => {
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        this.log?.warn({ channel }, 'ignored a fan-out message that is not JSON');
        return;
      }
      this.deliver(channel, payload);
    });
    this.sub.subscribe(...SHARED_TOPICS).catch((e: Error) => this.markDegraded(e.message));
  }

  /** 'local' without Redis; 'degraded' while Redis is configured but unreachable. */
  fanOutStatus(): FanOutStatus {
    if (!this.pub || !this.sub) return 'local';
    return this.pub.status === 'ready' && this.sub.status === 'ready' ? 'up' : 'degraded';
  }

  publish(routingKey: string, payload?: unknown): void {
    if (!this.pub || LOCAL_TOPICS.has(routingKey)) return this.deliver(routingKey, payload);
    // (the clients' 'error' events log the outage once)
    if (this.fanOutStatus() !== 'up') return this.deliver(routingKey, payload);
    this.pub.publish(routingKey, JSON.stringify(payload ?? null)).catch((e: Error) => {
      this.markDegraded(e.message);
      this.deliver(routingKey, payload);
    });
  }

  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterable<unknown> {
    const topic = dynamicId === undefined ? routingKey : `${routingKey}:${typeof dynamicId === 'string' ? dynamicId : JSON.stringify(dynamicId)}`;
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<unknown> => {
        const s: Subscriber = { queue: [], closed: false };
        this.attach(topic, s);
        const close = () => {
          if (s.closed) return;
          s.closed = true;
          s.queue.length = 0;
          this.detach(topic, s);
          s.wake?.();
        };
        return {
          async next() {
            while (s.queue.length === 0 && !s.closed) await new Promise<void>((r) => (s.wake = r));
            s.wake = undefined;
            if (s.queue.length > 0) return { done: false, value: s.queue.shift() };
            return { done: true, value: undefined };
          },
          return() {
            close();
            return Promise.resolve({ done: true, value: undefined });
          },
          throw(e?: unknown) {
            close();
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the caller's reason through unchanged
            return Promise.reject(e);
          },
        };
      },
    };
  }

  subscriberCount(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }

  async close(): Promise<void> {
    await Promise.all([this.pub, this.sub].flatMap((r) => (r ? [r.quit().catch(() => r.disconnect())] : [])));
  }

  private deliver(topic: string, payload: unknown) {
    for (const s of this.topics.get(topic) ?? []) {
      s.queue.push(payload);
      s.wake?.();
    }
  }

  private attach(topic: string, s: Subscriber) {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(s);
  }

  private detach(topic: string, s: Subscriber) {
    const set = this.topics.get(topic);
    set?.delete(s);
    if (set?.size === 0) this.topics.delete(topic);
  }

  private markDegraded(reason: string) {
    if (this.degraded) return;
    this.degraded = true;
    this.log?.warn({ reason }, 'Redis unavailable: interactionTracked reaches this process\'s subscribers only until it is back');
  }

  private checkRecovered() {
    if (this.degraded && this.fanOutStatus() === 'up') {
      this.degraded = false;
      this.log?.info('Redis is back: interactionTracked fans out to every replica again');
    }
  }
}
