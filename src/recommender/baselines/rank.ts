import type { UserItemMatrix } from './matrix';

/**
 * Top-n item ids by score among `candidates`, none in `exclude`, ties by popularity. With `fill`, the
 * items outside the candidates count as scored 0, below every candidate: a short list is topped up
 * with them in popularity order. Keeps an insertion-sorted buffer of n entries: cheap for n = 10.
 */
export function topN(
  m: UserItemMatrix,
  candidates: ArrayLike<number>,
  score: Float64Array,
  n: number,
  exclude: ReadonlySet<string>,
  fill: boolean,
): string[] {
  const best: number[] = [];
  const better = (a: number, b: number) => score[a] > score[b] || (score[a] === score[b] && m.popularityRank[a] < m.popularityRank[b]);
  for (let c = 0; c < candidates.length; c++) {
    const item = candidates[c];
    if (best.length === n && !better(item, best[n - 1])) continue;
    if (exclude.has(m.itemIds[item])) continue;
    let at = best.length === n ? n - 1 : best.length;
    while (at > 0 && better(item, best[at - 1])) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = item;
  }
  const out = best.map((item) => m.itemIds[item]);
  if (fill && out.length < n) {
    const taken = new Set(best);
    for (const item of m.popularityOrder) {
      if (out.length === n) break;
      if (!taken.has(item) && !exclude.has(m.itemIds[item])) out.push(m.itemIds[item]);
    }
  }
  return out;
}
