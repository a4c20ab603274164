// Baseline rankers for offline comparison with the service's model (pure: no I/O).
export { itemKnnRanker, type ItemKnnOptions } from './item-knn';
export { EASE_MAX_ITEMS, easeRanker, invertSymmetricPositiveDefinite, type EaseOptions, type EaseResult } from './ease';
