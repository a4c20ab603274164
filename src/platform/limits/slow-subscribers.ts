/** WebSocket close code for a subscriber whose socket drains slower than its events arrive. */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4013;

/**
 * Reads `source` ahead into a queue of at most `max` results, which the graphql-ws server drains one
 * socket write at a time. graphql-ws waits for each write to reach the kernel, so a client that stops
 * reading stalls its consumer while events keep coming; once more than `max` wait, `onOverflow` runs
 * (it closes the socket) and the source is stopped, so nothing grows without bound and the process and
 * the other subscribers are unaffected.
 */
export function boundedSubscription<T>(source: AsyncIterable<T>, max: number, onOverflow: () => void): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const stop = () => {
    if (finished) return;
    finished = true;
    queue.length = 0;
    wake?.();
    void Promise.resolve(it.return?.()).catch(() => undefined);
  };

  void (async () => {
    try {
      for (;;) {
        const r = await it.next();
        if (r.done || finished) break;
        queue.push(r.value);
        if (queue.length > max) {
          stop();
          onOverflow();
          return;
        }
        wake?.();
      }
    } catch (error) {
      failure = { error };
    }
    finished = true;
    wake?.();
  })();

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<T>> {
      while (queue.length === 0 && !finished) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (queue.length > 0) return { done: false, value: queue.shift()! };
      if (failure) {
        const { error } = failure;
        failure = undefined;
        throw error;
      }
      return { done: true, value: undefined };
    },
    return(): Promise<IteratorResult<T>> {
      stop();
      return Promise.resolve({ done: true, value: undefined });
    },
  };
}
