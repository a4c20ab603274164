// The trained content model: state in typed arrays, serving in O(K) or O(history * K).
import type { Neighbours } from './content';
import type { UserHistories } from './interactions';
import type { Popularity } from './popular';
import { ADD_TO_CART, PURCHASE, RATE } from './scoring';
import { CONTENT_FIELDS } from './tokenize';
import { TopK } from './topk';
import type { Model, ModelKind, ModelStats, Recommendation } from './types';

/** The options a model was trained with (defaults applied). */
export interface ContentModelParams {
  neighbours: number;
  halfLifeDays: number;
  now: number;
  historySize: number;
  ratingPriorWeight: number;
}

/** Everything a content model is made of; serialize.ts writes exactly this. */
export interface ContentModelState {
  params: ContentModelParams;
  numInteractions: number;
  productIds: string[];
  productNames: string[];
  categories: string[];
  /** Index into `categories` per product. */
  productCategory: Int32Array;
  /** Per product and content field (CONTENT_FIELDS order): id of the normalised value, -1 when null. */
  attributes: Int32Array;
  priceZ: Float64Array;
  neighbours: Neighbours;
  userIds: string[];
  histories: UserHistories;
  popularity: Popularity;
}

/** Stamps (+stamp: purchased, -stamp: touched) restart before they could overflow an Int32Array. */
const STAMP_LIMIT = 0x3fffffff;
/** |z distance| up to which the reason of a similar product mentions the price. */
const SIMILAR_PRICE_DISTANCE = 0.25;
const VERB: Record<number, string> = { [PURCHASE]: 'bought', [ADD_TO_CART]: 'added to cart', [RATE]: 'rated' };

export class ContentModel implements Model {
  readonly kind: ModelKind = 'content-tfidf';
  readonly stats: ModelStats;
  private readonly productIndex: Map<string, number>;
  private readonly userIndex: Map<string, number>;
  // Scratch space of forUser, reused across calls; per-call stamps in `excluded` avoid clearing it.
  private readonly sum: Float64Array;
  private readonly best: Float64Array;
  private readonly source: Int32Array;
  private readonly touched: Int32Array;
  private readonly excluded: Int32Array;
  private stamp = 0;

  /** `index` takes id -> position Maps already built (a loader builds them in slices between event-loop turns). */
  constructor(
    readonly state: ContentModelState,
    index?: { products: Map<string, number>; users: Map<string, number> },
  ) {
    this.productIndex = index?.products ?? positions(state.productIds);
    this.userIndex = index?.users ?? positions(state.userIds);
    const n = state.productIds.length;
    this.stats = { numProducts: n, numUsers: state.userIds.length, numInteractions: state.numInteractions };
    this.sum = new Float64Array(n);
    this.best = new Float64Array(n);
    this.source = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.excluded = new Int32Array(n);
  }

  hasProduct(productId: string): boolean {
    return this.productIndex.has(productId);
  }

  hasUser(userId: string): boolean {
    return this.userIndex.has(userId);
  }

  similar(productId: string, n: number): Recommendation[] {
    const p = this.productIndex.get(productId);
    if (p === undefined) return [];
    const { offsets, items, scores } = this.state.neighbours;
    const end = Math.min(offsets[p + 1], offsets[p] + count(n));
    const out: Recommendation[] = [];
    for (let e = offsets[p]; e < end; e++) {
      const q = items[e];
      out.push({ productId: this.state.productIds[q], score: scores[e], reason: this.similarReason(p, q) });
    }
    return out;
  }

  /**
   * score(j) = sum over history items h of weight(h) * similarity(h -> j) / sum of weight(h),
   * over the precomputed neighbours j of the user's strongest history items, without products the
   * user purchased. Reason: the history item contributing most to j. When fewer than n remain,
   * popular products fill the list, scored popularity * (lowest personalised score) so the list
   * stays sorted.
   */
  forUser(userId: string, n: number, exclude?: ReadonlySet<string>): Recommendation[] {
    const u = this.userIndex.get(userId);
    const want = count(n);
    if (u === undefined || want === 0) return this.popularExcept(want, exclude);
    const { histories, neighbours, productIds, productNames } = this.state;
    if (this.stamp === STAMP_LIMIT) {
      this.excluded.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    for (let i = histories.purchasedOffsets[u]; i < histories.purchasedOffsets[u + 1]; i++) {
      this.excluded[histories.purchased[i]] = stamp;
    }
    if (exclude) {
      for (const id of exclude) {
        const p = this.productIndex.get(id);
        if (p !== undefined) this.excluded[p] = stamp;
      }
    }
    let totalWeight = 0;
    let numTouched = 0;
    for (let h = histories.offsets[u]; h < histories.offsets[u + 1]; h++) {
      const w = histories.weights[h];
      totalWeight += w;
      const p = histories.products[h];
      for (let e = neighbours.offsets[p]; e < neighbours.offsets[p + 1]; e++) {
        const j = neighbours.items[e];
        const mark = this.excluded[j];
        if (mark === stamp) continue;
        if (mark !== -stamp) {
          this.excluded[j] = -stamp;
          this.sum[j] = 0;
          this.best[j] = -1;
          this.touched[numTouched++] = j;
        }
        const contribution = w * neighbours.scores[e];
        this.sum[j] += contribution;
        if (contribution > this.best[j]) {
          this.best[j] = contribution;
          this.source[j] = h;
        }
      }
    }
    const top = new TopK(Math.min(want, numTouched));
    for (let i = 0; i < numTouched; i++) top.offer(this.sum[this.touched[i]], this.touched[i]);
    const picked = new Int32Array(top.size);
    const sums = new Float64Array(top.size);
    top.drainSorted(picked, sums, 0);

    const out: Recommendation[] = [];
    for (let i = 0; i < picked.length; i++) {
      const j = picked[i];
      const h = this.source[j];
      const verb = VERB[histories.kinds[h]] ?? 'viewed';
      out.push({
        productId: productIds[j],
        score: sums[i] / totalWeight,
        reason: `similar to ${productNames[histories.products[h]]} you ${verb}`,
      });
    }
    const floor = out.length > 0 ? out[out.length - 1].score : 1;
    const { order, scores } = this.state.popularity;
    for (let i = 0; i < order.length && out.length < want; i++) {
      const j = order[i];
      if (this.excluded[j] === stamp || this.excluded[j] === -stamp) continue;
      out.push({ productId: productIds[j], score: scores[j] * floor, reason: this.popularReason(j) });
    }
    return out;
  }

  private popularExcept(n: number, exclude?: ReadonlySet<string>): Recommendation[] {
    if (!exclude || exclude.size === 0) return this.popular(n);
    const { order, scores } = this.state.popularity;
    const out: Recommendation[] = [];
    for (let i = 0; i < order.length && out.length < n; i++) {
      const p = order[i];
      if (exclude.has(this.state.productIds[p])) continue;
      out.push({ productId: this.state.productIds[p], score: scores[p], reason: this.popularReason(p) });
    }
    return out;
  }

  popular(n: number): Recommendation[] {
    const { order, scores } = this.state.popularity;
    const end = Math.min(order.length, count(n));
    const out: Recommendation[] = [];
    for (let i = 0; i < end; i++) {
      const p = order[i];
      out.push({ productId: this.state.productIds[p], score: scores[p], reason: this.popularReason(p) });
    }
    return out;
  }

  private popularReason(p: number): string {
    const { popularity, categories, productCategory } = this.state;
    return popularity.topRated[p] ? 'top rated' : `popular in ${categories[productCategory[p]]}`;
  }

  /** "same category, color and material, similar price", from the attributes a and b share. */
  private similarReason(a: number, b: number): string {
    const { attributes, priceZ } = this.state;
    const fields = CONTENT_FIELDS.length;
    const shared: string[] = [];
    for (let f = 0; f < fields; f++) {
      const value = attributes[a * fields + f];
      if (value >= 0 && value === attributes[b * fields + f]) shared.push(CONTENT_FIELDS[f]);
    }
    const parts: string[] = [];
    if (shared.length > 0) parts.push(`same ${listWords(shared)}`);
    if (Math.abs(priceZ[a] - priceZ[b]) <= SIMILAR_PRICE_DISTANCE) parts.push('similar price');
    return parts.length > 0 ? parts.join(', ') : 'related attributes';
  }
}

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function listWords(words: string[]): string {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function positions(ids: string[], from = 0, to = ids.length, into = new Map<string, number>()): Map<string, number> {
  for (let i = from; i < to; i++) into.set(ids[i], i);
  return into;
}
