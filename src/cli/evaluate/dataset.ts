import { INTERACTION_KINDS, type InteractionRecord, type ProductRecord } from '../../recommender';

/** What the evaluation runs on: a catalogue, its interactions, and what was done to get them. */
export interface Dataset {
  name: string;
  products: ProductRecord[];
  interactions: InteractionRecord[];
  /** True when the source gave products' ratings; otherwise they come from the training RATE events. */
  productRatingsGiven: boolean;
  /** Mapping decisions and skipped rows, said out loud. */
  notes: string[];
}

export const KINDS = INTERACTION_KINDS;

export function blankProduct(id: string, fields: Partial<ProductRecord> = {}): ProductRecord {
  return {
    id,
    name: id,
    category: 'unknown',
    price: 0,
    gender: null,
    color: null,
    material: null,
    size: null,
    avgRating: null,
    reviewCount: 0,
    ...fields,
  };
}

/**
 * A catalogue built while reading: the first description of an id wins, and products that only
 * interactions name are added without attributes (and counted, for a note).
 */
export class Catalogue {
  private readonly byId = new Map<string, ProductRecord>();
  private added = 0;

  describe(id: string, fields: Partial<ProductRecord>): void {
    if (!this.byId.has(id)) this.byId.set(id, blankProduct(id, fields));
  }

  /** Makes sure an interaction's product exists. */
  touch(id: string): void {
    if (this.byId.has(id)) return;
    this.byId.set(id, blankProduct(id));
    this.added++;
  }

  get size(): number {
    return this.byId.size;
  }

  get addedFromInteractions(): number {
    return this.added;
  }

  products(): ProductRecord[] {
    return [...this.byId.values()];
  }
}

/** Epoch ms from ISO-8601 or epoch seconds / milliseconds (numbers below 1e11 are seconds); NaN when neither. */
export function parseTime(raw: string): number {
  const s = raw.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const x = Number(s);
    return x < 1e11 ? Math.round(x * 1000) : Math.round(x);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return NaN;
  return Date.parse(s);
}

/** Adds the interactions' unknown products and the notes every adapter gives. */
export function assembleDataset(name: string, catalogue: Catalogue, interactions: InteractionRecord[], notes: string[]): Dataset {
  for (const r of interactions) catalogue.touch(r.productId);
  const added = catalogue.addedFromInteractions;
  return {
    name,
    products: catalogue.products(),
    interactions,
    productRatingsGiven: false,
    notes: added > 0 ? [...notes, `${added} products only in the interactions: added without attributes`] : notes,
  };
}
