/** What one item of a flushed batch came to: its own value or its own error. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface GroupCommitOptions<I, O> {
  /** How long the first item of a batch waits for company (ms, > 0). */
  windowMs: number;
  /** A batch is flushed at once when it reaches this many items. */
  maxItems: number;
  /** Flushes running at the same time at most; items arriving meanwhile wait and form the next batch. */
  maxInFlight: number;
  /**
   * Writes a batch: one outcome per item, in order. A throw (e.g. the connection died) fails every
   * item of this batch with that error, and only those.
   */
  flush: (items: readonly I[]) => Promise<Outcome<O>[]>;
  /** Called with the size of every batch flushed (metrics). */
  onFlush?: (size: number) => void;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent submit() calls are collected and written together, a batch flushed when
 * its window elapses or it is full; each call settles with its own item's outcome, only after the
 * flush that wrote it has finished.
 */
export class GroupCommit<I, O> {
  private pending: Waiting<I, O>[] = [];
  private timer?: NodeJS.Timeout;
  /** The pending items have waited their window (or filled a batch): flush as soon as a slot is free. */
  private due = false;
  private inFlight = 0;
  private closed = false;
  private drained: Array<() => void> = [];

  constructor(private readonly options: GroupCommitOptions<I, O>) {
    if (!(options.windowMs > 0)) throw new Error('GroupCommit: windowMs must be above 0');
    if (!(options.maxItems >= 1 && options.maxInFlight >= 1)) throw new Error('GroupCommit: maxItems and maxInFlight must be at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.closed || this.pending.length >= this.options.maxItems) this.markDue();
      else if (!this.due && !this.timer) this.timer = setTimeout(() => this.markDue(), this.options.windowMs);
      this.pump();
    });
  }

  /**
   * Shutdown: nothing waits for its window any more (what is pending is flushed now, later items as they
   * come); resolves once nothing is pending or being flushed.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pending.length) this.markDue();
    this.pump();
    if (this.pending.length || this.inFlight) await new Promise<void>((r) => this.drained.push(r));
  }

  private markDue(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = true;
    this.pump();
  }

  private pump(): void {
    while (this.due && this.pending.length && this.inFlight < this.options.maxInFlight) {
      const batch = this.pending.splice(0, this.options.maxItems);
      // Left-overs of an oversized backlog stay due: they have waited at least as long as this batch.
      if (!this.pending.length) this.due = false;
      void this.run(batch);
    }
    if (!this.pending.length && !this.inFlight) this.drained.splice(0).forEach((r) => r());
  }

  private async run(batch: Waiting<I, O>[]): Promise<void> {
    this.inFlight++;
    this.options.onFlush?.(batch.length);
    try {
      const outcomes = await this.options.flush(batch.map((w) => w.item));
      if (outcomes.length !== batch.length) throw new Error(`GroupCommit: flush returned ${outcomes.length} outcomes for ${batch.length} items`);
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (o.ok) w.resolve(o.value);
        else w.reject(o.error);
      });
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}
