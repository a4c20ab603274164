/**
 * Bounded selection of the best `capacity` (score, item) pairs. Order: higher score first, then the
 * lower item index, so results never depend on the order candidates are offered in.
 * A binary heap with the worst kept pair at the root.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }

  reset(): void {
    this.size = 0;
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** Score an offer must reach to get in (equal scores compete on item index); -Infinity until full. */
  threshold(): number {
    return this.size === this.capacity && this.capacity > 0 ? this.scores[0] : -Infinity;
  }

  offer(score: number, item: number): void {
    if (this.size < this.capacity) {
      this.siftUp(this.size++, score, item);
    } else if (this.capacity > 0 && !this.worse(score, item, this.scores[0], this.items[0])) {
      this.siftDown(0, score, item);
    }
  }

  /** Writes the kept pairs best-first at `offset` and empties the selection; returns how many. */
  drainSorted(outItems: Int32Array, outScores: Float32Array | Float64Array, offset: number): number {
    const n = this.size;
    for (let i = n - 1; i >= 0; i--) {
      outItems[offset + i] = this.items[0];
      outScores[offset + i] = this.scores[0];
      const last = --this.size;
      if (last > 0) this.siftDown(0, this.scores[last], this.items[last]);
    }
    return n;
  }

  private worse(sa: number, ia: number, sb: number, ib: number): boolean {
    return sa < sb || (sa === sb && ia > ib);
  }

  private siftUp(pos: number, score: number, item: number): void {
    const { scores, items } = this;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!this.worse(score, item, scores[parent], items[parent])) break;
      scores[pos] = scores[parent];
      items[pos] = items[parent];
      pos = parent;
    }
    scores[pos] = score;
    items[pos] = item;
  }

  private siftDown(pos: number, score: number, item: number): void {
    const { scores, items, size } = this;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= size) break;
      if (child + 1 < size && this.worse(scores[child + 1], items[child + 1], scores[child], items[child])) child++;
      if (!this.worse(scores[child], items[child], score, item)) break;
      scores[pos] = scores[child];
      items[pos] = items[child];
      pos = child;
    }
    scores[pos] = score;
    items[pos] = item;
  }
}
