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
  /** K: content neighbours precomputed per product (default 50). */
  neighbours?: number;
  /** Behaviour (RP3beta) neighbours kept per product (default 200). */
  behaviourNeighbours?: number;
  /**
   * A walk between two products of one user also weighs floor + (1 - floor) * 0.5 ^ (d / this), d being
   * their distance in the user's history, most recent first (default 30; Infinity turns it off).
   */
  sequenceHalfLife?: number;
  /** That floor (default 0.15). */
  sequenceFloor?: number;
  /** Behaviour edges weigh together / (together + shrink), together = the shoppers behind them (default 20). */
  shrink?: number;
  /** RP3beta: exponent of the random walk's transition probabilities (default 0.3). */
  alpha?: number;
  /** RP3beta: popularity penalty, W(i, j) / support(j) ^ beta (default 0.5). */
  beta?: number;
  /** Most recent products per user that enter the behaviour graph (its cost grows with their square) (default 500). */
  maxUserItems?: number;
  /** Pair strength = (summed type weights) ^ strengthPower; 0 counts every pair alike (default 0.5). */
  strengthPower?: number;
  /** Half-life, in days, of a history item's weight behind the user's latest event; also popularity's activity (default 14). */
  halfLifeDays?: number;
  /** Half-life, in days before `now`, of a pair's weight in the behaviour graph (default 180). */
  behaviourHalfLifeDays?: number;
  /** Epoch ms that recency is measured from (default Date.now()). */
  now?: number;
  /** History items kept per user for serving: the strongest by history weight (default 20; 50 scored the same on the validation splits at 2.5x the serving work). */
  historySize?: number;
  /** Half-life, in history positions (0 = the most recent product), of a history item's weight (default 3). */
  historyHalfLife?: number;
  /** Weight of the content part of personalised scores beside the behaviour part (default 0.05). */
  contentWeight?: number;
  /** Shoppers a product needs before HYBRID similar products lead with behaviour (default 5). */
  minSupport?: number;
  /** C, the weight of the prior (global mean rating) in the Bayesian average (default 5). */
  ratingPriorWeight?: number;
}

/** One event of a history the model was not trained on (see Model.forHistory). */
export interface HistoryEvent {
  productId: string;
  type: InteractionKind;
  rating?: number | null;
  /** Epoch milliseconds. */
  occurredAt: number;
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
  /** A personalised list from events the model was not trained on (an anonymous session's, say). */
  forHistory(events: readonly HistoryEvent[], n: number): Recommendation[];
  popular(n: number): Recommendation[];
  /** Every product the model knows, most popular first. */
  productIds(): string[];
  /** Every user the model knows (anonymous sessions as `anon:<id>`), in the order training first met them. */
  userIds(): readonly string[];
}
