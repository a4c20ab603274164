/**
 * GraphQL handlers still running, whether or not their client is still connected. Fastify's close waits
 * for open connections only, so the work of a request whose client has gone (a batch insert waiting
 * for a pooled connection, say) could otherwise still be running when shutdown closes the pool, and fail
 * half-way. Shutdown waits for these before it closes what they use.
 */
export class InFlight {
  private running = 0;
  private readonly waiters: Array<() => void> = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      if (--this.running === 0) for (const done of this.waiters.splice(0)) done();
    }
  }

  /** Resolves with the number still running: 0 once all have finished, or what is left after timeoutMs. */
  settled(timeoutMs: number): Promise<number> {
    if (this.running === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.running), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(0);
      });
    });
  }
}
