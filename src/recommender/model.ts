// The trained hybrid model: state in typed arrays, serving in O(history * (K_behaviour + K_content)).
import { TOGETHER_MAX, type BehaviourNeighbours } from './behaviour';
import type { Neighbours } from './content';
import type { UserExclusions, UserHistories } from './interactions';
import type { Popularity } from './popular';
import { KIND_PRIORITY } from './interactions';
import { ADD_TO_CART, interactionWeight, KIND_CODE, NUM_KINDS, PURCHASE, RATE, recencyDecay } from './scoring';
import { CONTENT_FIELDS } from './tokenize';
import { TopK } from './topk';
import type { HistoryEvent, Model, ModelKind, ModelStats, Recommendation, SimilarityKind } from './types';

/** A history to score: products, weights and kinds (KIND_CODE) in parallel arrays. */
type HistoryView = Pick<UserHistories, 'products' | 'weights' | 'kinds'>;

/** The options a model was trained with (defaults applied); see TrainOptions for their meaning. */
export interface HybridModelParams {
  neighbours: number;
  behaviourNeighbours: number;
  sequenceHalfLife: number;
  sequenceFloor: number;
  shrink: number;
  alpha: number;
  beta: number;
  maxUserItems: number;
  strengthPower: number;
  halfLifeDays: number;
  behaviourHalfLifeDays: number;
  historySize: number;
  historyHalfLife: number;
  contentWeight: number;
  minSupport: number;
  ratingPriorWeight: number;
  now: number;
}

/** Everything a model is made of; serialize.ts writes exactly this. */
export interface HybridModelState {
  params: HybridModelParams;
  numInteractions: number;
  productIds: string[];
  productNames: string[];
  categories: string[];
  /** Index into `categories` per product. */
  productCategory: Int32Array;
  /** Per product and content field (CONTENT_FIELDS order): id of the normalised value, -1 when null. */
  attributes: Int32Array;
  priceZ: Float64Array;
  content: Neighbours;
  behaviour: BehaviourNeighbours;
  userIds: string[];
  histories: UserHistories;
  excluded: UserExclusions;
  popularity: Popularity;
}

/** Stamps (+stamp: excluded, -stamp: touched) restart before they could overflow an Int32Array. */
const STAMP_LIMIT = 0x3fffffff;
/** |z distance| up to which the reason of a similar product mentions the price. */
const SIMILAR_PRICE_DISTANCE = 0.25;
/** A behaviour neighbour needs this many shoppers in common to lead a HYBRID list. */
const MIN_TOGETHER = 2;
/** The layout of HybridModel.acc and .source: two parts of a candidate's score, each with a sum and a best contribution. */
const BEHAVIOUR_PART = 0;
const CONTENT_PART = 1;
const PARTS = 2;
const BEST = PARTS;
const ACC = 2 * PARTS;
const VERB: Record<number, string> = { [PURCHASE]: 'bought', [ADD_TO_CART]: 'added to cart', [RATE]: 'rated' };

export class HybridModel implements Model {
  readonly kind: ModelKind = 'hybrid';
  readonly stats: ModelStats;
  private readonly productIndex: Map<string, number>;
  private readonly userIndex: Map<string, number>;
  // Scratch space of forUser, reused across calls; per-call stamps in `mark` avoid clearing it.
  /**
   * Per candidate j, side by side (adjacent in memory, not in four arrays): at ACC * j + part the sum
   * of that part (BEHAVIOUR_PART, CONTENT_PART), at ACC * j + BEST + part its largest contribution.
   */
  private readonly acc: Float64Array;
  /** Per candidate j, at PARTS * j + part: the history position behind that part's largest contribution. */
  private readonly source: Int32Array;
  private readonly touched: Int32Array;
  private readonly mark: Int32Array;
  private stamp = 0;

  /** `index` takes id -> position Maps already built (a loader builds them in slices between event-loop turns). */
  constructor(
    readonly state: HybridModelState,
    index?: { products: Map<string, number>; users: Map<string, number> },
  ) {
    this.productIndex = index?.products ?? positions(state.productIds);
    this.userIndex = index?.users ?? positions(state.userIds);
    const n = state.productIds.length;
    this.stats = { numProducts: n, numUsers: state.userIds.length, numInteractions: state.numInteractions };
    this.acc = new Float64Array(ACC * n);
    this.source = new Int32Array(PARTS * n);
    this.touched = new Int32Array(n);
    this.mark = new Int32Array(n);
  }

  hasProduct(productId: string): boolean {
    return this.productIndex.has(productId);
  }

  hasUser(userId: string): boolean {
    return this.userIndex.has(userId);
  }

  /**
   * CONTENT: the attribute neighbours. BEHAVIOUR: the RP3beta neighbours, scored relative to the best
   * one. HYBRID: for a product with at least minSupport shoppers, its behaviour neighbours shared by
   * MIN_TOGETHER shoppers or more, then content neighbours (scored below the last of them); for any
   * other product, its content neighbours.
   */
  similar(productId: string, n: number, kind: SimilarityKind = 'HYBRID'): Recommendation[] {
    const p = this.productIndex.get(productId);
    const want = count(n);
    if (p === undefined || want === 0) return [];
    if (kind === 'CONTENT') return this.contentNeighbours(p, want, 1, new Set());
    const { behaviour, params } = this.state;
    if (kind === 'HYBRID' && behaviour.support[p] < params.minSupport) return this.contentNeighbours(p, want, 1, new Set());
    const out: Recommendation[] = [];
    const start = behaviour.offsets[p];
    const best = behaviour.scores[start];
    for (let e = start; e < behaviour.offsets[p + 1] && out.length < want; e++) {
      const together = behaviour.together[e];
      if (kind === 'HYBRID' && together < MIN_TOGETHER) break;
      out.push({
        productId: this.state.productIds[behaviour.items[e]],
        score: behaviour.scores[e] / best,
        reason: together === 1 ? '1 shopper chose both' : `${together}${together === TOGETHER_MAX ? '+' : ''} shoppers chose both`,
      });
    }
    if (kind === 'BEHAVIOUR' || out.length === want) return out;
    const floor = out.length > 0 ? out[out.length - 1].score : 1;
    const taken = new Set(out.map((r) => r.productId));
    return out.concat(this.contentNeighbours(p, want - out.length, floor, taken));
  }

  /**
   * For each candidate j among the neighbours of the user's history items h (weights w(h)):
   *   behaviour(j) = sum_h w(h) * W(h, j)      content(j) = sum_h w(h) * contentScore(h -> j)
   *   score(j) = (behaviour(j) / max behaviour + contentWeight * content(j) / max content) / (1 + contentWeight)
   * Each part is scaled by its best candidate, so the blend weight means the same on any data; a
   * history of products without behaviour neighbours ranks by content alone. Products the user bought
   * or rated are left out; viewed ones may come back. Reason: the history item behind the larger part.
   * Popular products fill a short list, scored below the last personalised one.
   */
  forUser(userId: string, n: number, exclude?: ReadonlySet<string>): Recommendation[] {
    const u = this.userIndex.get(userId);
    const want = count(n);
    const stamp = this.nextStamp();
    if (exclude) {
      for (const id of exclude) {
        const p = this.productIndex.get(id);
        if (p !== undefined) this.mark[p] = stamp;
      }
    }
    if (u === undefined || want === 0) return this.popularFill([], want, stamp, 1);
    const { histories, excluded } = this.state;
    for (let i = excluded.offsets[u]; i < excluded.offsets[u + 1]; i++) this.mark[excluded.products[i]] = stamp;
    return this.rank(histories, histories.offsets[u], histories.offsets[u + 1], stamp, want);
  }

  /**
   * forUser for a history the model was not trained on (an anonymous session's events, say): the events
   * are weighed as training weighs a user's (strength, recency behind the latest, position), products
   * unknown to the model are ignored, and bought or rated ones are left out.
   */
  forHistory(events: readonly HistoryEvent[], n: number): Recommendation[] {
    const want = count(n);
    const stamp = this.nextStamp();
    const history = this.historyOf(events, stamp);
    if (history.products.length === 0 || want === 0) return this.popularFill([], want, stamp, 1);
    return this.rank(history, 0, history.products.length, stamp, want);
  }

  /** Scores the neighbours of history[from .. to) into a list of `want`; see forUser. */
  private rank(history: HistoryView, from: number, to: number, stamp: number, want: number): Recommendation[] {
    const { behaviour, content, params } = this.state;
    const { touched, acc } = this;
    let numTouched = 0;
    for (let h = from; h < to; h++) {
      const w = history.weights[h];
      const p = history.products[h];
      numTouched = this.spread(behaviour.offsets, behaviour.items, behaviour.scores, BEHAVIOUR_PART, p, w, h, stamp, numTouched);
      numTouched = this.spread(content.offsets, content.items, content.scores, CONTENT_PART, p, w, h, stamp, numTouched);
    }
    let maxBehaviour = 0;
    let maxContent = 0;
    for (let t = 0; t < numTouched; t++) {
      const a = ACC * touched[t];
      if (acc[a + BEHAVIOUR_PART] > maxBehaviour) maxBehaviour = acc[a + BEHAVIOUR_PART];
      if (acc[a + CONTENT_PART] > maxContent) maxContent = acc[a + CONTENT_PART];
    }
    const bScale = maxBehaviour > 0 ? 1 / maxBehaviour : 0;
    const cScale = maxContent > 0 ? params.contentWeight / maxContent : 0;
    const norm = 1 / (1 + params.contentWeight);
    const top = new TopK(Math.min(want, numTouched));
    for (let t = 0; t < numTouched; t++) {
      const j = touched[t];
      const score = (acc[ACC * j + BEHAVIOUR_PART] * bScale + acc[ACC * j + CONTENT_PART] * cScale) * norm;
      if (score > 0 && score >= top.threshold()) top.offer(score, j);
    }
    const picked = new Int32Array(top.size);
    const scores = new Float64Array(top.size);
    top.drainSorted(picked, scores, 0);

    const out: Recommendation[] = [];
    for (let i = 0; i < picked.length; i++) {
      const j = picked[i];
      const byBehaviour = acc[ACC * j + BEST + BEHAVIOUR_PART] * bScale >= acc[ACC * j + BEST + CONTENT_PART] * cScale;
      out.push({ productId: this.state.productIds[j], score: scores[i], reason: this.personalReason(history, j, byBehaviour) });
    }
    return this.popularFill(out, want, stamp, out.length > 0 ? out[out.length - 1].score : 1);
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

  productIds(): string[] {
    return Array.from(this.state.popularity.order, (p) => this.state.productIds[p]);
  }

  userIds(): readonly string[] {
    return this.state.userIds;
  }

  private nextStamp(): number {
    if (this.stamp === STAMP_LIMIT) {
      this.mark.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** Appends popular products not marked in this call (excluded or already listed), scored popularity * floor. */
  private popularFill(out: Recommendation[], want: number, stamp: number, floor: number): Recommendation[] {
    const { order, scores } = this.state.popularity;
    for (let i = 0; i < order.length && out.length < want; i++) {
      const j = order[i];
      if (this.mark[j] === stamp) continue;
      if (this.mark[j] === -stamp && out.some((r) => r.productId === this.state.productIds[j])) continue;
      out.push({ productId: this.state.productIds[j], score: scores[j] * floor, reason: this.popularReason(j) });
    }
    return out;
  }

  /**
   * Adds w * score of product p's neighbours (one part of the score) to that part's sum, keeping the
   * history item behind the largest contribution; a candidate met for the first time in this call
   * (stamp) has both parts reset and joins `touched`. Returns the new touched count. The hot loop:
   * it runs history * (K_behaviour + K_content) times per list, so locals, arrays passed one by one
   * (the two neighbour tables have different shapes) and no closures.
   */
  private spread(
    offsets: Int32Array,
    items: Int32Array,
    scores: Float32Array,
    part: number,
    p: number,
    w: number,
    h: number,
    stamp: number,
    numTouched: number,
  ): number {
    const { mark, touched, acc, source } = this;
    const end = offsets[p + 1];
    for (let e = offsets[p]; e < end; e++) {
      const j = items[e];
      const m = mark[j];
      if (m === stamp) continue;
      const a = ACC * j;
      if (m !== -stamp) {
        mark[j] = -stamp;
        acc[a + BEHAVIOUR_PART] = 0;
        acc[a + CONTENT_PART] = 0;
        acc[a + BEST + BEHAVIOUR_PART] = -1;
        acc[a + BEST + CONTENT_PART] = -1;
        touched[numTouched++] = j;
      }
      const c = w * scores[e];
      acc[a + part] += c;
      if (c > acc[a + BEST + part]) {
        acc[a + BEST + part] = c;
        source[PARTS * j + part] = h;
      }
    }
    return numTouched;
  }

  /** The history of `events` as training builds one (interactions.ts), marking bought and rated products. */
  private historyOf(events: readonly HistoryEvent[], stamp: number): HistoryView {
    const { params } = this.state;
    const pairs = new Map<number, { kindWeight: Float64Array; last: number; seq: number }>();
    events.forEach((event, seq) => {
      const p = this.productIndex.get(event.productId);
      const kind: unknown = KIND_CODE[event.type];
      if (p === undefined || typeof kind !== 'number' || !Number.isFinite(event.occurredAt)) return;
      let pair = pairs.get(p);
      if (!pair) pairs.set(p, (pair = { kindWeight: new Float64Array(NUM_KINDS), last: -Infinity, seq }));
      pair.kindWeight[kind] += interactionWeight(kind, event.rating ?? null);
      if (event.occurredAt >= pair.last) {
        pair.last = event.occurredAt;
        pair.seq = seq;
      }
      if (kind === PURCHASE || kind === RATE) this.mark[p] = stamp;
    });
    const recent = [...pairs].sort((a, b) => b[1].last - a[1].last || b[1].seq - a[1].seq);
    const latest = recent.length > 0 ? recent[0][1].last : 0;
    const weighted = recent.map(([p, pair], r) => {
      const strength = Math.pow(pair.kindWeight.reduce((sum, w) => sum + w, 0), params.strengthPower);
      const weight = strength * recencyDecay(pair.last, latest, params.halfLifeDays) * Math.pow(0.5, r / params.historyHalfLife);
      let kind = KIND_PRIORITY[0];
      for (const k of KIND_PRIORITY) if (pair.kindWeight[k] > pair.kindWeight[kind]) kind = k;
      return { p, weight, kind };
    });
    weighted.sort((a, b) => b.weight - a.weight || a.p - b.p);
    const kept = weighted.slice(0, params.historySize);
    return {
      products: Int32Array.from(kept, (h) => h.p),
      weights: Float32Array.from(kept, (h) => h.weight),
      kinds: Uint8Array.from(kept, (h) => h.kind),
    };
  }

  private personalReason(history: HistoryView, j: number, byBehaviour: boolean): string {
    const { productNames } = this.state;
    const h = this.source[PARTS * j + (byBehaviour ? BEHAVIOUR_PART : CONTENT_PART)];
    const name = productNames[history.products[h]];
    const kind = history.kinds[h];
    if (!byBehaviour) return `similar to ${name} you ${VERB[kind] ?? 'viewed'}`;
    if (kind === PURCHASE) return `bought together with ${name}`;
    return `shoppers who ${VERB[kind] ?? 'viewed'} ${name} chose it too`;
  }

  private contentNeighbours(p: number, want: number, scale: number, skip: ReadonlySet<string>): Recommendation[] {
    const { offsets, items, scores } = this.state.content;
    const out: Recommendation[] = [];
    for (let e = offsets[p]; e < offsets[p + 1] && out.length < want; e++) {
      const productId = this.state.productIds[items[e]];
      if (skip.has(productId)) continue;
      out.push({ productId, score: scores[e] * scale, reason: this.similarReason(p, items[e]) });
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
    let mask = Math.abs(priceZ[a] - priceZ[b]) <= SIMILAR_PRICE_DISTANCE ? SIMILAR_PRICE_BIT : 0;
    for (let f = 0; f < fields; f++) {
      const value = attributes[a * fields + f];
      if (value >= 0 && value === attributes[b * fields + f]) mask |= 1 << f;
    }
    return SIMILAR_REASONS[mask];
  }
}

/** In a similarReason mask, bit f says CONTENT_FIELDS[f] is shared; this one, that the prices are close. */
const SIMILAR_PRICE_BIT = 1 << CONTENT_FIELDS.length;

/** Every reason similarReason can give, by mask: built once, not for each product of each list. */
const SIMILAR_REASONS = Array.from({ length: 2 * SIMILAR_PRICE_BIT }, (_, mask) => {
  const shared = CONTENT_FIELDS.filter((_, f) => mask & (1 << f));
  const parts: string[] = [];
  if (shared.length > 0) parts.push(`same ${listWords(shared)}`);
  if (mask & SIMILAR_PRICE_BIT) parts.push('similar price');
  return parts.length > 0 ? parts.join(', ') : 'related attributes';
});

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
