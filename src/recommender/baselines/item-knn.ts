// ItemKNN: item-item cosine similarity on the binary user-item matrix, the top `neighbours` kept
// per item; a user's score for item j is the sum of sim(i, j) over the user's training items i
// that keep j among their neighbours. Unscored items follow in popularity order.
import type { Ranker } from '../evaluation';
import type { InteractionRecord } from '../types';
import { buildUserItemMatrix, usersByIndex } from './matrix';
import { topN } from './rank';

export interface ItemKnnOptions {
  /** Neighbours kept per item (default 100). */
  neighbours?: number;
}

export function itemKnnRanker(train: readonly InteractionRecord[], options: ItemKnnOptions = {}): Ranker {
  const k = options.neighbours ?? 100;
  const m = buildUserItemMatrix(train);
  const numItems = m.itemIds.length;
  const users = usersByIndex(m);

  // Neighbour lists in CSR: item i's neighbours are neighbour[start[i] .. start[i + 1]).
  const start = new Int32Array(numItems + 1);
  const neighbour: number[] = [];
  const similarity: number[] = [];
  const common = new Float64Array(numItems);
  const touched: number[] = [];
  const kept = new Float64Array(numItems);
  for (let i = 0; i < numItems; i++) {
    touched.length = 0;
    for (let p = m.itemStart[i]; p < m.itemStart[i + 1]; p++) {
      for (const j of users[m.itemUsers[p]]) {
        if (j === i) continue;
        if (common[j] === 0) touched.push(j);
        common[j]++;
      }
    }
    for (const j of touched) {
      kept[j] = common[j] / Math.sqrt(m.itemCount[i] * m.itemCount[j]);
      common[j] = 0;
    }
    for (const j of topByScore(touched, kept, k, m.popularityRank)) {
      neighbour.push(j);
      similarity.push(kept[j]);
    }
    start[i + 1] = neighbour.length;
  }

  const score = new Float64Array(numItems);
  return (userId, n, exclude) => {
    const history = m.userItems.get(userId) ?? new Int32Array(0);
    const candidates: number[] = [];
    for (const i of history) {
      for (let p = start[i]; p < start[i + 1]; p++) {
        const j = neighbour[p];
        if (score[j] === 0) candidates.push(j);
        score[j] += similarity[p];
      }
    }
    const out = topN(m, candidates, score, n, exclude, true);
    for (const j of candidates) score[j] = 0;
    return out;
  };
}

/** The k entries of `items` with the highest score (ties: more popular first), best first. */
function topByScore(items: number[], score: Float64Array, k: number, popularityRank: Int32Array): number[] {
  const order = items.slice().sort((a, b) => score[b] - score[a] || popularityRank[a] - popularityRank[b]);
  return order.length > k ? order.slice(0, k) : order;
}
