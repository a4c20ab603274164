// Content similarity and the precomputed top-K neighbours of every product.
//
//   score(a -> b) = 0.7 * cosine(a, b) + 0.2 / (1 + |z(a) - z(b)|) + 0.1 * avgRating(b) / 5
//   z(p) = (price(p) - mean) / std over the catalogue (population std; all z = 0 when std = 0)
//
// Exact top-K without comparing all pairs. Products are grouped by signature (identical TF-IDF
// vector, see tfidf.ts) and each group is kept sorted by z. For a signature s:
//   1. Candidate signatures t with cosine(s, t) >= THETA come from the inverted index with prefix
//      filtering (Bayardo et al., "Scaling up all pairs similarity search"): s's terms are taken in
//      order of weight * (the term's largest weight in any vector) until what the remaining terms
//      can add to a cosine, min(their norm, sum of weight * largest weight), is below THETA; a t
//      sharing none of the terms taken cannot reach THETA. Exact cosines come from merging rows.
//   2. For each product p in s, candidate groups are visited by descending cosine; inside a group,
//      products are visited outwards from p's price. A group, or the rest of a group, is skipped as
//      soon as its best possible score (price distance so far, best rating of the group) is below
//      the K-th best score so far, and the visit stops when 0.7 * cosine + 0.2 + 0.1 * maxRating
//      is below it.
//   3. Signatures below THETA can still score at most contentScore(THETA, 0, maxRating). A product
//      whose K-th best does not beat that gets another pass, over the candidates with cosine down to
//      the level its K-th best requires, or THETA_STEP lower while it has fewer than K (the last
//      level, at or below 0, lists every signature, cosine 0 included).
// Ties are broken by product index (TopK), so the result is the same whatever the visiting order.
// Cost follows the number of distinct signatures, not of products: 100k synthetic products (~12k
// signatures) take ~1 s on 2 cores; a catalogue where almost every product is unique (~89k
// signatures) took ~60 s.
import { contentScore, TEXT_WEIGHT } from './scoring';
import { dot, type TfidfIndex } from './tfidf';
import { TopK } from './topk';

/** First-pass cosine threshold and the step down for products that found fewer than K; tuning knobs
 * only, results are exact whatever their values. */
const THETA = 0.6;
const THETA_STEP = 0.2;
/** Margin against floating-point error in the pruning bounds. */
const EPSILON = 1e-9;

export interface Neighbours {
  /** Product p's neighbours are items/scores[offsets[p] .. offsets[p+1]), best first. */
  offsets: Int32Array;
  items: Int32Array;
  scores: Float32Array;
}

/** Price z-scores; non-finite prices get z = 0 and stay out of the mean and std. */
export function priceZScores(prices: ArrayLike<number>): Float64Array {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < prices.length; i++) {
    if (Number.isFinite(prices[i])) {
      n++;
      sum += prices[i];
    }
  }
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (let i = 0; i < prices.length; i++) {
    if (Number.isFinite(prices[i])) sq += (prices[i] - mean) ** 2;
  }
  const std = n > 0 ? Math.sqrt(sq / n) : 0;
  const z = new Float64Array(prices.length);
  if (std > 0) {
    for (let i = 0; i < prices.length; i++) z[i] = Number.isFinite(prices[i]) ? (prices[i] - mean) / std : 0;
  }
  return z;
}

/** Growable (signature, cosine) list, sortable by descending cosine then signature. */
class Candidates {
  sigs = new Int32Array(1024);
  cosines = new Float64Array(1024);
  length = 0;
  private perm = new Int32Array(1024);

  push(sig: number, cosine: number): void {
    if (this.length === this.sigs.length) {
      const sigs = new Int32Array(this.length * 2);
      sigs.set(this.sigs);
      this.sigs = sigs;
      const cosines = new Float64Array(this.length * 2);
      cosines.set(this.cosines);
      this.cosines = cosines;
    }
    this.sigs[this.length] = sig;
    this.cosines[this.length++] = cosine;
  }

  /** Sorts entries [from, length). */
  sortFrom(from: number): void {
    const n = this.length - from;
    if (n < 2) return;
    if (this.perm.length < n) this.perm = new Int32Array(this.sigs.length);
    const { sigs, cosines } = this;
    const perm = this.perm.subarray(0, n);
    for (let i = 0; i < n; i++) perm[i] = from + i;
    perm.sort((a, b) => cosines[b] - cosines[a] || sigs[a] - sigs[b]);
    const s = sigs.slice(from, this.length);
    const c = cosines.slice(from, this.length);
    for (let i = 0; i < n; i++) {
      sigs[from + i] = s[perm[i] - from];
      cosines[from + i] = c[perm[i] - from];
    }
  }
}

export function computeNeighbours(index: TfidfIndex, z: Float64Array, rating: Float64Array, k: number): Neighbours {
  const numProducts = z.length;
  const { vectors, postingOffsets, postings, signatureOf } = index;
  const numSigs = vectors.offsets.length - 1;
  const capacity = Math.min(k, Math.max(0, numProducts - 1));

  // Groups: products of each signature, sorted by z (then index), with their z alongside.
  const groupOffsets = new Int32Array(numSigs + 1);
  for (let p = 0; p < numProducts; p++) groupOffsets[signatureOf[p] + 1]++;
  for (let s = 0; s < numSigs; s++) groupOffsets[s + 1] += groupOffsets[s];
  const members = new Int32Array(numProducts);
  const fill = groupOffsets.slice(0, numSigs);
  for (let p = 0; p < numProducts; p++) members[fill[signatureOf[p]]++] = p;
  const groupZ = new Float64Array(numProducts);
  const groupMaxRating = new Float64Array(numSigs).fill(-Infinity);
  let maxRating = -Infinity;
  for (let s = 0; s < numSigs; s++) {
    const group = members.subarray(groupOffsets[s], groupOffsets[s + 1]);
    group.sort((a, b) => z[a] - z[b] || a - b);
    for (let i = 0; i < group.length; i++) {
      groupZ[groupOffsets[s] + i] = z[group[i]];
      groupMaxRating[s] = Math.max(groupMaxRating[s], rating[group[i]]);
    }
    maxRating = Math.max(maxRating, groupMaxRating[s]);
  }

  const items = new Int32Array(numProducts * capacity);
  const scores = new Float32Array(numProducts * capacity);
  const counts = new Int32Array(numProducts);
  const heap = new TopK(capacity);
  const candidates = new Candidates();
  const seen = new Int32Array(numSigs).fill(-1);
  let stamp = 0;
  const pending: number[] = [];
  const order: number[] = [];
  const suffixBound: number[] = [];
  const maxWeight = new Float64Array(index.numTerms);
  for (let i = 0; i < vectors.terms.length; i++) {
    maxWeight[vectors.terms[i]] = Math.max(maxWeight[vectors.terms[i]], vectors.weights[i]);
  }

  /** Appends the signatures t with low <= cosine(s, t) < high (low <= 0: every signature). */
  const collect = (s: number, low: number, high: number): void => {
    if (low <= 0) {
      for (let t = 0; t < numSigs; t++) {
        const c = dot(vectors, s, t);
        if (c < high) candidates.push(t, c);
      }
      return;
    }
    const start = vectors.offsets[s];
    const len = vectors.offsets[s + 1] - start;
    const { terms, weights } = vectors;
    order.length = 0;
    for (let i = 0; i < len; i++) order.push(start + i);
    order.sort((a, b) => weights[b] * maxWeight[terms[b]] - weights[a] * maxWeight[terms[a]] || a - b);
    // suffixBound[i]: most that the terms order[i..] of s can add to a cosine.
    suffixBound.length = len + 1;
    suffixBound[len] = 0;
    let squares = 0;
    let products = 0;
    for (let i = len - 1; i >= 0; i--) {
      const w = weights[order[i]];
      squares += w * w;
      products += w * maxWeight[terms[order[i]]];
      suffixBound[i] = Math.min(Math.sqrt(squares), products);
    }
    stamp++;
    for (let i = 0; i < len && suffixBound[i] >= low - EPSILON; i++) {
      const term = terms[order[i]];
      for (let j = postingOffsets[term]; j < postingOffsets[term + 1]; j++) {
        const t = postings[j];
        if (seen[t] === stamp) continue;
        seen[t] = stamp;
        const c = dot(vectors, s, t);
        if (c >= low && c < high) candidates.push(t, c);
      }
    }
  };

  /** Offers p every product of the listed groups that can still enter its top K. */
  const scan = (p: number): void => {
    const zp = z[p];
    const { sigs, cosines, length } = candidates;
    heap.reset();
    for (let c = 0; c < length; c++) {
      const t = sigs[c];
      const cosine = cosines[c];
      if (contentScore(cosine, 0, maxRating) < heap.threshold()) break;
      const groupMax = groupMaxRating[t];
      if (contentScore(cosine, 0, groupMax) < heap.threshold()) continue;
      const lo = groupOffsets[t];
      const hi = groupOffsets[t + 1];
      let right = lo;
      let span = hi - lo;
      while (span > 0) {
        const half = span >> 1;
        if (groupZ[right + half] < zp) {
          right += half + 1;
          span -= half + 1;
        } else {
          span = half;
        }
      }
      let left = right - 1;
      while (left >= lo || right < hi) {
        const dl = left >= lo ? zp - groupZ[left] : Infinity;
        const dr = right < hi ? groupZ[right] - zp : Infinity;
        let pos: number;
        let d: number;
        if (dl <= dr) {
          pos = left--;
          d = dl;
        } else {
          pos = right++;
          d = dr;
        }
        if (contentScore(cosine, d, groupMax) < heap.threshold()) break;
        const q = members[pos];
        if (q !== p) heap.offer(contentScore(cosine, d, rating[q]), q);
      }
    }
  };

  const save = (p: number): void => {
    counts[p] = heap.drainSorted(items, scores, p * capacity);
  };

  for (let s = 0; s < numSigs && capacity > 0; s++) {
    pending.length = 0;
    for (let g = groupOffsets[s]; g < groupOffsets[s + 1]; g++) pending.push(members[g]);
    candidates.length = 0;
    let high = Infinity;
    let low = THETA;
    for (;;) {
      const from = candidates.length;
      collect(s, low, high);
      candidates.sortFrom(from);
      // Every signature with cosine >= low is listed: the others score at most this.
      const unseenBound = low > 0 ? contentScore(low, 0, maxRating) : -Infinity;
      let next = Infinity;
      let kept = 0;
      for (const p of pending) {
        scan(p);
        if (heap.full && heap.threshold() > unseenBound) {
          save(p);
          continue;
        }
        pending[kept++] = p;
        // A full heap needs the signatures with contentScore(cosine, 0, maxRating) >= its K-th best;
        // otherwise step down.
        const need = heap.full
          ? (heap.threshold() - contentScore(0, 0, maxRating)) / TEXT_WEIGHT - EPSILON
          : low - THETA_STEP;
        next = Math.min(next, need);
      }
      pending.length = kept;
      if (kept === 0) break;
      high = low;
      low = next;
    }
  }

  const offsets = new Int32Array(numProducts + 1);
  for (let p = 0; p < numProducts; p++) offsets[p + 1] = offsets[p] + counts[p];
  if (offsets[numProducts] === items.length) return { offsets, items, scores };
  const packedItems = new Int32Array(offsets[numProducts]);
  const packedScores = new Float32Array(offsets[numProducts]);
  for (let p = 0; p < numProducts; p++) {
    packedItems.set(items.subarray(p * capacity, p * capacity + counts[p]), offsets[p]);
    packedScores.set(scores.subarray(p * capacity, p * capacity + counts[p]), offsets[p]);
  }
  return { offsets, items: packedItems, scores: packedScores };
}
