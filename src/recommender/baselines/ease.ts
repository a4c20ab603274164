// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): with X the binary user-item matrix,
// P = (X^T X + lambda I)^-1 and B = I - P / diag(P) (zero diagonal), a user's scores are x_u B.
// The inverse is dense (Cholesky, then the triangular inverse, in Float64Array): memory n^2 doubles
// twice and time ~n^3 / 2 multiply-adds, so it is refused above `maxItems` items.
import type { Ranker } from '../evaluation';
import type { InteractionRecord } from '../types';
import { buildUserItemMatrix, usersByIndex } from './matrix';
import { topN } from './rank';

export interface EaseOptions {
  /** L2 regularisation (default 500). */
  lambda?: number;
  /** Largest number of distinct training items it will invert (default 3000). */
  maxItems?: number;
}

export type EaseResult = { ranker: Ranker; skipped: null } | { ranker: null; skipped: string };

export const EASE_MAX_ITEMS = 3000;

export function easeRanker(train: readonly InteractionRecord[], options: EaseOptions = {}): EaseResult {
  const lambda = options.lambda ?? 500;
  const maxItems = options.maxItems ?? EASE_MAX_ITEMS;
  const m = buildUserItemMatrix(train);
  const n = m.itemIds.length;
  if (n > maxItems) return { ranker: null, skipped: `${n} items > ${maxItems}` };

  const gram = new Float64Array(n * n);
  for (const items of usersByIndex(m)) {
    for (const a of items) for (const b of items) gram[a * n + b]++;
  }
  for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
  const p = invertSymmetricPositiveDefinite(gram, n);

  // weights[i * n + j] = B[i][j] = -P[i][j] / P[j][j] off the diagonal, 0 on it.
  const weights = p;
  const diagonal = new Float64Array(n);
  for (let j = 0; j < n; j++) diagonal[j] = p[j * n + j];
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) weights[row + j] = i === j ? 0 : -p[row + j] / diagonal[j];
  }

  const all = Int32Array.from(m.itemIds.keys());
  const score = new Float64Array(n);
  const ranker: Ranker = (userId, count, exclude) => {
    score.fill(0);
    for (const i of m.userItems.get(userId) ?? []) {
      const row = i * n;
      for (let j = 0; j < n; j++) score[j] += weights[row + j];
    }
    return topN(m, all, score, count, exclude, false);
  };
  return { ranker, skipped: null };
}

/**
 * The inverse of a symmetric positive-definite n x n matrix (row-major), overwriting `a`:
 * A = L L^T (Cholesky-Banachiewicz), W = L^-1 row by row, A^-1 = W^T W. Every inner loop runs along
 * a row, so memory is read in order.
 */
export function invertSymmetricPositiveDefinite(a: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let sum = a[ri + j];
      for (let k = 0; k < j; k++) sum -= a[ri + k] * a[rj + k];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('matrix is not positive definite');
        a[ri + i] = Math.sqrt(sum);
      } else {
        a[ri + j] = sum / a[rj + j];
      }
    }
  }
  // W = L^-1 (lower triangular): row i of W = (e_i - sum_{k<i} L[i][k] W[k]) / L[i][i].
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    w[ri + i] = 1;
    for (let k = 0; k < i; k++) {
      const f = a[ri + k];
      if (f === 0) continue;
      const rk = k * n;
      for (let c = 0; c <= k; c++) w[ri + c] -= f * w[rk + c];
    }
    const d = a[ri + i];
    for (let c = 0; c <= i; c++) w[ri + c] /= d;
  }
  // A^-1 = W^T W: (A^-1)[r][c] = sum_k W[k][r] W[k][c], accumulated one row of W at a time.
  a.fill(0);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let r = 0; r <= k; r++) {
      const f = w[rk + r];
      if (f === 0) continue;
      const rr = r * n;
      for (let c = 0; c <= r; c++) a[rr + c] += f * w[rk + c];
    }
  }
  for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) a[c * n + r] = a[r * n + c];
  return a;
}
