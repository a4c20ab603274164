// Public shapes of the recommender core. Pure data: nothing here knows about databases or GraphQL.

export type InteractionKind = 'VIEW' | 'ADD_TO_CART' | 'PURCHASE' | 'RATE';

export interface ProductRecord {
  id: string;
  name: string;
  category: string;
  price: number;
  gender: string | null;
  color: string | null;
  material: string | null;
  size: string | null;
  /** All-time average review rating (1-5), null when the product has no reviews. */
  avgRating: number | null;
  reviewCount: number;
}

export interface InteractionRecord {
  userId: string;
  productId: string;
  type: InteractionKind;
  /** 1-5 for RATE, null otherwise. */
  rating: number | null;
  /** Epoch milliseconds. */
  occurredAt: number;
}

export interface TrainOptions {
  /** K: neighbours precomputed per product (default 50). */
  neighbours?: number;
  /** Half-life of the recency decay, in days (default 14). */
  halfLifeDays?: number;
  /** Epoch ms that recency is measured from (default Date.now()). */
  now?: number;
  /** History items kept per user: the strongest ones by decayed weight (default 50). */
  historySize?: number;
  /** C, the weight of the prior (global mean rating) in the Bayesian average (default 5). */
  ratingPriorWeight?: number;
}

export interface Recommendation {
  productId: string;
  score: number;
  reason: string;
}

export interface ModelStats {
  numProducts: number;
  numUsers: number;
  numInteractions: number;
}

/** Model families the serialized header can name. */
export type ModelKind = 'content-tfidf' | 'hybrid';

/** Where similar products come from: attributes, shoppers' behaviour, or behaviour backed by attributes. */
export type SimilarityKind = 'CONTENT' | 'BEHAVIOUR' | 'HYBRID';

export interface Model {
  readonly kind: ModelKind;
  readonly stats: ModelStats;
  hasProduct(productId: string): boolean;
  hasUser(userId: string): boolean;
  /** Top-n precomputed neighbours (n is capped at K); [] for an unknown product. Default kind: HYBRID. */
  similar(productId: string, n: number, kind?: SimilarityKind): Recommendation[];
  /**
   * Personalised list; a user without history (or unknown) gets popular(n). Products in `exclude`
   * (the evaluation's training items) are left out as well as what the model always leaves out.
   */
  forUser(userId: string, n: number, exclude?: ReadonlySet<string>): Recommendation[];
  popular(n: number): Recommendation[];
}
