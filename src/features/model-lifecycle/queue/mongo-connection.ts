import { type Db, MongoClient } from 'mongodb';
import type { Logger } from '../../../platform/logger';

export type DependencyStatus = 'up' | 'down' | 'connecting';

/**
 * The MongoDB connection, made in the background with a timeout and retried until it succeeds, so a
 * Mongo that is down at start-up (or later) never stops the GraphQL API from serving.
 */
export class MongoConnection {
  readonly client: MongoClient;
  private state: DependencyStatus = 'connecting';
  private connected?: Promise<void>;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {
    this.client = new MongoClient(url, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      appName: 'recs-api',
    });
    this.client.on('serverHeartbeatFailed', () => (this.state = 'down'));
    this.client.on('serverHeartbeatSucceeded', () => (this.state = 'up'));
  }

  get db(): Db {
    return this.client.db();
  }

  /** Resolves when connected (first time); keeps retrying every timeoutMs until then. */
  whenConnected(): Promise<void> {
    this.connected ??= new Promise((resolve) => {
      const attempt = () => {
        if (this.stopped) return;
        this.client.connect().then(
          () => {
            this.state = 'up';
            this.log.info('connected to MongoDB');
            resolve();
          },
          (e: Error) => {
            this.state = 'down';
            this.log.warn({ err: e.message }, 'MongoDB unavailable; retrying');
            this.retryTimer = setTimeout(attempt, this.timeoutMs);
          },
        );
      };
      attempt();
    });
    return this.connected;
  }

  async status(): Promise<DependencyStatus> {
    if (this.state === 'connecting') return 'connecting';
    try {
      await this.db.command({ ping: 1 }, { timeoutMS: Math.min(this.timeoutMs, 2000) });
      this.state = 'up';
    } catch {
      this.state = 'down';
    }
    return this.state;
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.client.close();
  }
}
