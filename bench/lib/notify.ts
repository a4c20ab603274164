import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { MODEL_ACTIVATED_CHANNEL as CHANNEL } from '../../src/features/model-lifecycle/store/model-store';

// A separate PostgreSQL listener on the channel the model store notifies when a new version commits:
// the time each notification reached us.

export interface Activation {
  version: number;
  /** Epoch ms (fractional, from the monotonic clock) when this process received the NOTIFY. */
  at: number;
  /** The same moment by Date.now(), the clock pino's `time` uses in the API process. */
  wallAt: number;
}

export class ActivationListener {
  readonly seen: Activation[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly client: Client) {
    client.on('notification', (m) => {
      if (m.channel !== CHANNEL) return;
      this.seen.push({ version: Number(m.payload), at: performance.timeOrigin + performance.now(), wallAt: Date.now() });
      for (const w of [...this.waiters]) w();
    });
  }

  static async start(databaseUrl: string): Promise<ActivationListener> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    return new ActivationListener(client);
  }

  /** The first notification of a version greater than `after`, waiting up to timeoutMs. */
  next(after: number, timeoutMs: number): Promise<Activation> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.seen.find((a) => a.version > after);
        if (!hit) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${CHANNEL} notification after version ${after} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
