// Every weight of the model in one place, with the formulas they enter.
import { DAY_MS } from './time';
import type { InteractionKind } from './types';

/** similarity(a -> b) = 0.7 * cosine(a, b) + 0.2 * priceProximity(a, b) + 0.1 * rating(b) */
export const TEXT_WEIGHT = 0.7;
export const PRICE_WEIGHT = 0.2;
export const RATING_WEIGHT = 0.1;

/**
 * The combined content score. Every pruning bound in content.ts calls this same function with
 * best-case arguments, so (floating-point rounding being monotonic) a bound is never below a score.
 * priceDistance = |za - zb|, the z-score distance; proximity = 1 / (1 + distance).
 */
export function contentScore(cosine: number, priceDistance: number, rating: number): number {
  return TEXT_WEIGHT * cosine + PRICE_WEIGHT * (1 / (1 + priceDistance)) + RATING_WEIGHT * rating;
}

/** Rating term of a candidate: avgRating / 5, 0 when unrated (or not a finite number). */
export function ratingTerm(avgRating: number | null): number {
  return avgRating !== null && Number.isFinite(avgRating) ? avgRating / 5 : 0;
}

/** Numeric codes for InteractionKind, used in typed arrays and the serialized form. */
export const KIND_CODE: Record<InteractionKind, number> = { VIEW: 0, ADD_TO_CART: 1, PURCHASE: 2, RATE: 3 };
/** Every InteractionKind, in code order. */
export const INTERACTION_KINDS = Object.keys(KIND_CODE) as readonly InteractionKind[];
export const NUM_KINDS = 4;
export const VIEW = 0;
export const ADD_TO_CART = 1;
export const PURCHASE = 2;
export const RATE = 3;

/**
 * Strength of one interaction before recency decay:
 * PURCHASE 1.0 > ADD_TO_CART 0.6 > RATE 0.5 * rating / 5 (0.5 for five stars, 0.1 for one) and VIEW 0.2.
 * A RATE without a rating counts like a VIEW. Ratings are clamped to [0, 5].
 */
export function interactionWeight(kind: number, rating: number | null): number {
  switch (kind) {
    case PURCHASE:
      return 1.0;
    case ADD_TO_CART:
      return 0.6;
    case RATE:
      return rating === null || !Number.isFinite(rating) ? 0.2 : (0.5 * Math.min(5, Math.max(0, rating))) / 5;
    default:
      return 0.2;
  }
}


/** Recency decay 0.5 ^ (ageDays / halfLifeDays); events after `now` count as age 0. */
export function recencyDecay(occurredAt: number, now: number, halfLifeDays: number): number {
  const ageDays = Math.max(0, now - occurredAt) / DAY_MS;
  return Math.pow(0.5, ageDays / halfLifeDays);
}

/**
 * Popularity = 0.5 * bayesianRating / 5 + 0.5 * log(1 + activity) / log(1 + maxActivity), where
 * bayesianRating = (C * m + ratingSum) / (C + ratingCount) and activity is the sum of the
 * decayed interaction weights above. The log keeps a few viral products from flattening the rest.
 */
export const POPULAR_RATING_WEIGHT = 0.5;
export const POPULAR_ACTIVITY_WEIGHT = 0.5;
