// Behaviour similarity: an RP3beta item-item graph (Paudel et al. 2017, "Updatable, accurate, diverse,
// and scalable recommendations for interactive applications"), computed sparsely.
//
//   P(u -> j) = (r_uj / sum_j' r_uj') ^ alpha          a random walk from a user to one of its products
//   P(i -> u) = (r_ui / sum_u' r_u'i) ^ alpha          and from a product to one of its shoppers
//   W(i, j)   = sum over users u of i of P(i -> u) * P(u -> j)  /  support(j) ^ beta
// support(j) is the number of users with product j; beta > 0 takes the edge off popular products, which
// a plain random walk favours. Only the K best j are kept per i (top-K neighbour lists, never a dense
// item x item matrix). The work is sum over users of |row(u)|^2, so each user's row is capped at its
// `maxUserItems` most recent products (the matrix rows come most recent first).
// An edge that few users support is weighed down by together / (together + shrink), so a product that
// a single shopper chose (whom beta would favour most) cannot lead on one coincidence.
// `together` counts the users behind each kept edge, for honest reasons ("12 shoppers chose both").
// With a finite `sequenceHalfLife`, a user's walk from i to j also weighs
// floor + (1 - floor) * 0.5 ^ (|rank(i) - rank(j)| / sequenceHalfLife), ranks being positions in the
// user's row (most recent first): products chosen close together in time are more alike.
import type { UserItemMatrix } from './interactions';
import { TopK } from './topk';

/** The largest count `together` holds; more shoppers are stored as this. */
export const TOGETHER_MAX = 0xffff;

export interface BehaviourNeighbours {
  /** Product i's neighbours are items/scores/together[offsets[i] .. offsets[i+1]), best first. */
  offsets: Int32Array;
  items: Int32Array;
  /** W(i, j), float32 */
  scores: Float32Array;
  /** The shoppers behind each edge, saturating at TOGETHER_MAX (16 bits: an edge takes 10 bytes, not 12). */
  together: Uint16Array;
  /** Per product: the number of users that interacted with it. */
  support: Int32Array;
}

export interface BehaviourOptions {
  neighbours: number;
  alpha: number;
  beta: number;
  maxUserItems: number;
  sequenceHalfLife: number;
  sequenceFloor: number;
  shrink: number;
}

export function computeBehaviourNeighbours(m: UserItemMatrix, options: BehaviourOptions): BehaviourNeighbours {
  const { numProducts: n } = m;
  const { neighbours: k, alpha, beta, maxUserItems, sequenceHalfLife, sequenceFloor, shrink } = options;
  const sequenced = Number.isFinite(sequenceHalfLife);
  const closeness = Float64Array.from({ length: maxUserItems }, (_, d) =>
    sequenceFloor + (1 - sequenceFloor) * Math.pow(0.5, d / sequenceHalfLife),
  );
  const numUsers = m.offsets.length - 1;
  const rowEnd = (u: number) => Math.min(m.offsets[u + 1], m.offsets[u] + maxUserItems);

  // P(u -> j) per matrix entry, and the transposed walk P(i -> u) in product-major order.
  const userToItem = new Float64Array(m.items.length);
  const support = new Int32Array(n);
  const itemSum = new Float64Array(n);
  for (let u = 0; u < numUsers; u++) {
    let sum = 0;
    for (let e = m.offsets[u]; e < rowEnd(u); e++) sum += m.values[e];
    for (let e = m.offsets[u]; e < rowEnd(u); e++) {
      userToItem[e] = sum > 0 ? Math.pow(m.values[e] / sum, alpha) : 0;
      support[m.items[e]]++;
      itemSum[m.items[e]] += m.values[e];
    }
  }
  const colOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) colOffsets[i + 1] = colOffsets[i] + support[i];
  const colUsers = new Int32Array(colOffsets[n]);
  /** Rank of product i in the user's row, per (i, u) entry. */
  const colRank = new Int32Array(colOffsets[n]);
  const itemToUser = new Float64Array(colOffsets[n]);
  const fill = colOffsets.slice(0, n);
  for (let u = 0; u < numUsers; u++) {
    for (let e = m.offsets[u]; e < rowEnd(u); e++) {
      const i = m.items[e];
      const at = fill[i]++;
      colUsers[at] = u;
      colRank[at] = e - m.offsets[u];
      itemToUser[at] = itemSum[i] > 0 ? Math.pow(m.values[e] / itemSum[i], alpha) : 0;
    }
  }
  const penalty = new Float64Array(n);
  for (let j = 0; j < n; j++) penalty[j] = support[j] > 0 ? Math.pow(support[j], -beta) : 0;

  const acc = new Float64Array(n);
  const count = new Int32Array(n);
  const touched = new Int32Array(n);
  const top = new TopK(k);
  const offsets = new Int32Array(n + 1);
  let items = new Int32Array(Math.min(n * k, 1 << 20));
  let scores = new Float32Array(items.length);
  let together = new Uint16Array(items.length);
  const rowItems = new Int32Array(k);
  const rowScores = new Float64Array(k);

  for (let i = 0; i < n; i++) {
    let numTouched = 0;
    for (let c = colOffsets[i]; c < colOffsets[i + 1]; c++) {
      const u = colUsers[c];
      const p = itemToUser[c];
      const from = m.offsets[u];
      const rank = colRank[c];
      for (let e = from; e < rowEnd(u); e++) {
        const j = m.items[e];
        if (j === i) continue;
        if (count[j] === 0) touched[numTouched++] = j;
        acc[j] += sequenced ? p * userToItem[e] * closeness[Math.abs(e - from - rank)] : p * userToItem[e];
        count[j]++;
      }
    }
    top.reset();
    for (let t = 0; t < numTouched; t++) {
      const j = touched[t];
      const w = (acc[j] * penalty[j] * count[j]) / (count[j] + shrink);
      if (w > 0) top.offer(w, j);
    }
    const kept = top.drainSorted(rowItems, rowScores, 0);
    const start = offsets[i];
    if (start + kept > items.length) {
      const size = Math.max(items.length * 2, start + kept);
      items = grown(items, new Int32Array(size));
      scores = grown(scores, new Float32Array(size));
      together = grown(together, new Uint16Array(size));
    }
    for (let r = 0; r < kept; r++) {
      items[start + r] = rowItems[r];
      scores[start + r] = rowScores[r];
      together[start + r] = Math.min(count[rowItems[r]], TOGETHER_MAX);
    }
    offsets[i + 1] = start + kept;
    for (let t = 0; t < numTouched; t++) {
      acc[touched[t]] = 0;
      count[touched[t]] = 0;
    }
  }
  const size = offsets[n];
  return { offsets, items: items.slice(0, size), scores: scores.slice(0, size), together: together.slice(0, size), support };
}

function grown<T extends Int32Array | Float32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
