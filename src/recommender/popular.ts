// Popularity: a Bayesian-averaged rating blended with recent activity.
//
//   rating evidence of p: the catalogue's avgRating * reviewCount and reviewCount when reviewCount > 0
//                         (all-time, authoritative); otherwise the RATE interactions of the window.
//                         Never both: a review also records a RATE interaction, so adding them
//                         would count it twice.
//   m         = sum of all rating evidence / its count  (global mean; 0 when nothing is rated)
//   bayes(p)  = (C * m + ratingSum(p)) / (C + ratingCount(p))          C = ratingPriorWeight (5)
//   act(p)    = sum over p's interactions of typeWeight * 0.5 ^ (ageDays / halfLifeDays)
//   score(p)  = 0.5 * bayes(p) / 5 + 0.5 * ln(1 + act(p)) / ln(1 + max act)
//
// Reason: "top rated" when p has ratings and the rating half outweighs the activity half,
// otherwise "popular in <category>".
import { POPULAR_ACTIVITY_WEIGHT, POPULAR_RATING_WEIGHT } from './scoring';
import type { ProductRecord } from './types';

export interface Popularity {
  /** float32, as stored and served */
  scores: Float32Array;
  /** Product indices by descending score, then ascending index. */
  order: Int32Array;
  /** 1 when the reason is "top rated". */
  topRated: Uint8Array;
}

export function computePopularity(
  products: readonly ProductRecord[],
  activity: Float64Array,
  rateSum: Float64Array,
  rateCount: Float64Array,
  priorWeight: number,
): Popularity {
  const n = products.length;
  const sums = new Float64Array(n);
  const counts = new Float64Array(n);
  let allSum = 0;
  let allCount = 0;
  let maxActivity = 0;
  for (let p = 0; p < n; p++) {
    const { avgRating, reviewCount } = products[p];
    if (reviewCount > 0 && avgRating !== null && Number.isFinite(avgRating)) {
      sums[p] = avgRating * reviewCount;
      counts[p] = reviewCount;
    } else {
      sums[p] = rateSum[p];
      counts[p] = rateCount[p];
    }
    allSum += sums[p];
    allCount += counts[p];
    maxActivity = Math.max(maxActivity, activity[p]);
  }
  const mean = allCount > 0 ? allSum / allCount : 0;
  const logMax = Math.log1p(maxActivity);

  const scores = new Float32Array(n);
  const topRated = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const bayes = (priorWeight * mean + sums[p]) / (priorWeight + counts[p]);
    const ratingPart = (POPULAR_RATING_WEIGHT * bayes) / 5;
    const activityPart = logMax > 0 ? (POPULAR_ACTIVITY_WEIGHT * Math.log1p(activity[p])) / logMax : 0;
    scores[p] = ratingPart + activityPart;
    topRated[p] = counts[p] > 0 && ratingPart > activityPart ? 1 : 0;
  }
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = p;
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return { scores, order, topRated };
}
