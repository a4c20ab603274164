import { setImmediate as realSetImmediate } from 'node:timers';
import { GroupCommit, type Outcome } from '../../../src/platform/group-commit';

/** A flush that records its batches and settles only when the test says so. */
function controlledFlush<O>() {
  const batches: Array<{ items: number[]; settle: (r: Outcome<O>[] | Error) => void }> = [];
  const flush = (items: readonly number[]) =>
    new Promise<Outcome<O>[]>((resolve, reject) => {
      batches.push({ items: [...items], settle: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
    });
  return { batches, flush };
}

const double = (items: number[]): Outcome<number>[] => items.map((n) => ({ ok: true, value: n * 2 }));

/** Lets resolved promises run their callbacks. */
const settle = () => new Promise((r) => realSetImmediate(r));

describe('GroupCommit', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('collects the calls of one window into one flush and answers each with its own value', async () => {
    const { batches, flush } = controlledFlush<number>();
    const sizes: number[] = [];
    const gc = new GroupCommit({ windowMs: 2, maxItems: 10, maxInFlight: 1, flush, onFlush: (n) => sizes.push(n) });
    const calls = [1, 2, 3].map((n) => gc.submit(n));
    jest.advanceTimersByTime(1);
    expect(batches).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    batches[0].settle(double(batches[0].items));
    await expect(Promise.all(calls)).resolves.toEqual([2, 4, 6]);
    expect(sizes).toEqual([3]);
  });

  it('flushes at once when the batch is full, without waiting for the window', () => {
    const { batches, flush } = controlledFlush<number>();
    const gc = new GroupCommit({ windowMs: 1000, maxItems: 2, maxInFlight: 2, flush });
    void gc.submit(1);
    void gc.submit(2);
    void gc.submit(3);
    expect(batches.map((b) => b.items)).toEqual([[1, 2]]);
    jest.advanceTimersByTime(1000);
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3]]);
  });

  it('settles no call before its flush has finished', async () => {
    const { batches, flush } = controlledFlush<number>();
    const gc = new GroupCommit({ windowMs: 1, maxItems: 10, maxInFlight: 1, flush });
    let settled = false;
    void gc.submit(1).finally(() => (settled = true));
    jest.advanceTimersByTime(1);
    await settle();
    expect(settled).toBe(false);
    batches[0].settle(double([1]));
    await settle();
    expect(settled).toBe(true);
  });

  it('fails only the item whose outcome is an error', async () => {
    const gc = new GroupCommit<number, number>({
      windowMs: 1,
      maxItems: 10,
      maxInFlight: 1,
      flush: (items) => Promise.resolve(items.map((n): Outcome<number> => (n === 2 ? { ok: false, error: new Error('bad 2') } : { ok: true, value: n }))),
    });
    const calls = [1, 2, 3].map((n) => gc.submit(n));
    jest.advanceTimersByTime(1);
    await expect(calls[0]).resolves.toBe(1);
    await expect(calls[1]).rejects.toThrow('bad 2');
    await expect(calls[2]).resolves.toBe(3);
  });

  it('a failed flush rejects exactly the calls of that batch', async () => {
    const { batches, flush } = controlledFlush<number>();
    const gc = new GroupCommit({ windowMs: 1, maxItems: 2, maxInFlight: 2, flush });
    const first = [gc.submit(1), gc.submit(2)];
    const second = [gc.submit(3)];
    jest.advanceTimersByTime(1);
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3]]);
    batches[0].settle(new Error('connection terminated'));
    batches[1].settle(double([3]));
    await expect(first[0]).rejects.toThrow('connection terminated');
    await expect(first[1]).rejects.toThrow('connection terminated');
    await expect(second[0]).resolves.toBe(6);
  });

  it('a flush that throws synchronously or miscounts its outcomes fails its batch, not the batcher', async () => {
    let calls = 0;
    const gc = new GroupCommit<number, number>({
      windowMs: 1,
      maxItems: 10,
      maxInFlight: 1,
      flush: (items) => {
        calls++;
        if (calls === 1) throw new Error('sync');
        return Promise.resolve(calls === 2 ? [] : double([...items]));
      },
    });
    const a = gc.submit(1);
    jest.advanceTimersByTime(1);
    await expect(a).rejects.toThrow('sync');
    const b = gc.submit(2);
    jest.advanceTimersByTime(1);
    await expect(b).rejects.toThrow('returned 0 outcomes for 1 items');
    const c = gc.submit(3);
    jest.advanceTimersByTime(1);
    await expect(c).resolves.toBe(6);
  });

  it('keeps at most maxInFlight flushes running; calls arriving meanwhile form the next batch', async () => {
    const { batches, flush } = controlledFlush<number>();
    const gc = new GroupCommit({ windowMs: 1, maxItems: 10, maxInFlight: 1, flush });
    void gc.submit(1);
    jest.advanceTimersByTime(1);
    void gc.submit(2);
    void gc.submit(3);
    jest.advanceTimersByTime(5);
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0].settle(double([1]));
    await settle();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3]]);
  });

  it('splits a backlog larger than maxItems into full batches, all flushed without another window', async () => {
    const { batches, flush } = controlledFlush<number>();
    const gc = new GroupCommit({ windowMs: 1, maxItems: 2, maxInFlight: 1, flush });
    void gc.submit(0);
    jest.advanceTimersByTime(1);
    for (let n = 1; n <= 5; n++) void gc.submit(n);
    batches[0].settle(double([0]));
    await settle();
    batches[1].settle(double(batches[1].items));
    await settle();
    batches[2].settle(double(batches[2].items));
    await settle();
    expect(batches.map((b) => b.items)).toEqual([[0], [1, 2], [3, 4], [5]]);
  });

  it('close() flushes what is pending at once and waits for it; later calls are flushed without a window', async () => {
    const { batches, flush } = controlledFlush<number>();
    const gc = new GroupCommit({ windowMs: 1000, maxItems: 10, maxInFlight: 1, flush });
    const call = gc.submit(1);
    let closed = false;
    const closing = gc.close().then(() => (closed = true));
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    await settle();
    expect(closed).toBe(false);
    batches[0].settle(double([1]));
    await closing;
    await expect(call).resolves.toBe(2);
    const late = gc.submit(2);
    expect(batches.map((b) => b.items)).toEqual([[1], [2]]);
    batches[1].settle(double([2]));
    await expect(late).resolves.toBe(4);
    await expect(gc.close()).resolves.toBeUndefined();
  });

  it('refuses a window of 0 (the caller writes directly then)', () => {
    expect(() => new GroupCommit({ windowMs: 0, maxItems: 1, maxInFlight: 1, flush: () => Promise.resolve([]) })).toThrow(/windowMs/);
  });
});
