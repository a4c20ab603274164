import { computeBehaviourNeighbours } from './behaviour';
import { computeNeighbours, priceZScores, type Neighbours } from './content';
import { InteractionAccumulator } from './interactions';
import { HybridModel, type HybridModelParams } from './model';
import { computePopularity } from './popular';
import { ratingTerm } from './scoring';
import { buildTfidf } from './tfidf';
import { CONTENT_FIELDS, normalizeValue, productTokens } from './tokenize';
import type { InteractionRecord, Model, ProductRecord, TrainOptions } from './types';

/**
 * The half of a model that depends only on the catalogue (content neighbours, attributes, prices):
 * a training and its evaluation share it.
 */
export interface Catalogue {
  params: HybridModelParams;
  products: ProductRecord[];
  index: Map<string, number>;
  categories: string[];
  productCategory: Int32Array;
  attributes: Int32Array;
  priceZ: Float64Array;
  content: Neighbours;
}

/**
 * Trains the hybrid model. Products with an id seen before are ignored (the first one wins);
 * interactions with a product not in `products`, an unknown type or a non-finite time are skipped.
 */
export function train(products: ProductRecord[], interactions: Iterable<InteractionRecord>, options: TrainOptions = {}): Model {
  return trainOn(prepareCatalogue(products, options), interactions);
}

export function prepareCatalogue(products: ProductRecord[], options: TrainOptions = {}): Catalogue {
  const params = resolveOptions(options);
  const index = new Map<string, number>();
  const catalogue: ProductRecord[] = [];
  for (const product of products) {
    if (index.has(product.id)) continue;
    index.set(product.id, catalogue.length);
    catalogue.push(product);
  }
  const n = catalogue.length;
  const tokenCache = new Map<string, string[]>();
  const tfidf = buildTfidf(n, (p) => productTokens(catalogue[p], tokenCache));
  const priceZ = priceZScores(catalogue.map((p) => p.price));
  const rating = Float64Array.from(catalogue, (p) => ratingTerm(p.avgRating));
  const content = computeNeighbours(tfidf, priceZ, rating, params.neighbours);

  const categoryIndex = new Map<string, number>();
  const productCategory = new Int32Array(n);
  const attributes = new Int32Array(n * CONTENT_FIELDS.length);
  const valueIds = CONTENT_FIELDS.map(() => new Map<string, number>());
  catalogue.forEach((product, p) => {
    let category = categoryIndex.get(product.category);
    if (category === undefined) {
      category = categoryIndex.size;
      categoryIndex.set(product.category, category);
    }
    productCategory[p] = category;
    CONTENT_FIELDS.forEach((field, f) => {
      const raw = product[field];
      const value = raw === null || raw === undefined ? '' : normalizeValue(String(raw));
      let id = -1;
      if (value !== '') {
        id = valueIds[f].get(value) ?? valueIds[f].size;
        valueIds[f].set(value, id);
      }
      attributes[p * CONTENT_FIELDS.length + f] = id;
    });
  });
  return { params, products: catalogue, index, categories: [...categoryIndex.keys()], productCategory, attributes, priceZ, content };
}

/** The half of a model learned from interactions, on a prepared catalogue. */
export function trainOn(catalogue: Catalogue, interactions: Iterable<InteractionRecord>): Model {
  const { params, products } = catalogue;
  const accumulator = new InteractionAccumulator(catalogue.index, params);
  for (const interaction of interactions) accumulator.add(interaction);
  const summary = accumulator.finish();
  const behaviour = computeBehaviourNeighbours(summary.matrix, {
    neighbours: params.behaviourNeighbours,
    alpha: params.alpha,
    beta: params.beta,
    maxUserItems: params.maxUserItems,
    sequenceHalfLife: params.sequenceHalfLife,
    sequenceFloor: params.sequenceFloor,
    shrink: params.shrink,
  });
  const popularity = computePopularity(products, summary.activity, summary.rateSum, summary.rateCount, params.ratingPriorWeight);
  return new HybridModel({
    params,
    numInteractions: summary.numInteractions,
    productIds: products.map((p) => p.id),
    productNames: products.map((p) => p.name),
    categories: catalogue.categories,
    productCategory: catalogue.productCategory,
    attributes: catalogue.attributes,
    priceZ: catalogue.priceZ,
    content: catalogue.content,
    behaviour,
    userIds: summary.userIds,
    histories: summary.histories,
    excluded: summary.excluded,
    popularity,
  });
}

function resolveOptions(options: TrainOptions): HybridModelParams {
  const params: HybridModelParams = {
    neighbours: options.neighbours ?? 50,
    behaviourNeighbours: options.behaviourNeighbours ?? 200,
    sequenceHalfLife: options.sequenceHalfLife ?? 30,
    sequenceFloor: options.sequenceFloor ?? 0.15,
    shrink: options.shrink ?? 20,
    alpha: options.alpha ?? 0.3,
    beta: options.beta ?? 0.5,
    maxUserItems: options.maxUserItems ?? 500,
    strengthPower: options.strengthPower ?? 0.5,
    halfLifeDays: options.halfLifeDays ?? 14,
    behaviourHalfLifeDays: options.behaviourHalfLifeDays ?? 180,
    historySize: options.historySize ?? 20,
    historyHalfLife: options.historyHalfLife ?? 3,
    contentWeight: options.contentWeight ?? 0.05,
    minSupport: options.minSupport ?? 5,
    ratingPriorWeight: options.ratingPriorWeight ?? 5,
    now: options.now ?? Date.now(),
  };
  for (const key of ['neighbours', 'behaviourNeighbours', 'maxUserItems', 'historySize', 'minSupport'] as const) {
    if (!Number.isInteger(params[key]) || params[key] < 1) throw new RangeError(`${key} must be a positive integer, got ${params[key]}`);
  }
  for (const key of ['halfLifeDays', 'behaviourHalfLifeDays', 'historyHalfLife', 'ratingPriorWeight', 'alpha'] as const) {
    if (!(params[key] > 0)) throw new RangeError(`${key} must be a positive number, got ${params[key]}`);
  }
  for (const key of ['sequenceHalfLife'] as const) {
    if (!(params[key] > 0)) throw new RangeError(`${key} must be a positive number, got ${params[key]}`);
  }
  for (const key of ['sequenceFloor'] as const) {
    if (!(params[key] >= 0 && params[key] <= 1)) throw new RangeError(`${key} must be in [0, 1], got ${params[key]}`);
  }
  for (const key of ['beta', 'strengthPower', 'contentWeight', 'shrink'] as const) {
    if (!(params[key] >= 0) || !Number.isFinite(params[key])) throw new RangeError(`${key} must be a number >= 0, got ${params[key]}`);
  }
  if (!Number.isFinite(params.now)) throw new RangeError(`now must be a finite epoch ms, got ${params.now}`);
  return params;
}
