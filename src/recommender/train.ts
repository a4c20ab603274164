import { computeNeighbours, priceZScores } from './content';
import { InteractionAccumulator } from './interactions';
import { ContentModel, type ContentModelParams } from './model';
import { computePopularity } from './popular';
import { ratingTerm } from './scoring';
import { buildTfidf } from './tfidf';
import { CONTENT_FIELDS, normalizeValue, productTokens } from './tokenize';
import type { InteractionRecord, Model, ProductRecord, TrainOptions } from './types';

/**
 * Trains the content model. Products with an id seen before are ignored (the first one wins);
 * interactions with a product not in `products`, an unknown type or a non-finite time are skipped.
 */
export function train(
  products: ProductRecord[],
  interactions: Iterable<InteractionRecord>,
  options: TrainOptions = {},
): Model {
  const params = resolveOptions(options);
  const productIndex = new Map<string, number>();
  const catalogue: ProductRecord[] = [];
  for (const product of products) {
    if (productIndex.has(product.id)) continue;
    productIndex.set(product.id, catalogue.length);
    catalogue.push(product);
  }
  const n = catalogue.length;

  const tokenCache = new Map<string, string[]>();
  const index = buildTfidf(n, (p) => productTokens(catalogue[p], tokenCache));
  const priceZ = priceZScores(catalogue.map((p) => p.price));
  const rating = Float64Array.from(catalogue, (p) => ratingTerm(p.avgRating));
  const neighbours = computeNeighbours(index, priceZ, rating, params.neighbours);

  const accumulator = new InteractionAccumulator(productIndex, params.now, params.halfLifeDays);
  for (const interaction of interactions) accumulator.add(interaction);
  const summary = accumulator.finish(params.historySize);
  const popularity = computePopularity(
    catalogue,
    summary.activity,
    summary.rateSum,
    summary.rateCount,
    params.ratingPriorWeight,
  );

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

  return new ContentModel({
    params,
    numInteractions: summary.numInteractions,
    productIds: catalogue.map((p) => p.id),
    productNames: catalogue.map((p) => p.name),
    categories: [...categoryIndex.keys()],
    productCategory,
    attributes,
    priceZ,
    neighbours,
    userIds: summary.userIds,
    histories: summary.histories,
    popularity,
  });
}

function resolveOptions(options: TrainOptions): ContentModelParams {
  const params: ContentModelParams = {
    neighbours: options.neighbours ?? 50,
    halfLifeDays: options.halfLifeDays ?? 14,
    now: options.now ?? Date.now(),
    historySize: options.historySize ?? 50,
    ratingPriorWeight: options.ratingPriorWeight ?? 5,
  };
  if (!Number.isInteger(params.neighbours) || params.neighbours < 1) {
    throw new RangeError(`neighbours must be a positive integer, got ${params.neighbours}`);
  }
  if (!Number.isInteger(params.historySize) || params.historySize < 1) {
    throw new RangeError(`historySize must be a positive integer, got ${params.historySize}`);
  }
  if (!(params.halfLifeDays > 0) || !Number.isFinite(params.halfLifeDays)) {
    throw new RangeError(`halfLifeDays must be a positive number, got ${params.halfLifeDays}`);
  }
  if (!(params.ratingPriorWeight > 0) || !Number.isFinite(params.ratingPriorWeight)) {
    throw new RangeError(`ratingPriorWeight must be a positive number, got ${params.ratingPriorWeight}`);
  }
  if (!Number.isFinite(params.now)) throw new RangeError(`now must be a finite epoch ms, got ${params.now}`);
  return params;
}
