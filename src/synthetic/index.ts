// Seeded synthetic shop data: the same seed always gives the same output.
export { generateCatalog, generateUsers, type SyntheticProduct, type SyntheticUser } from './catalog';
export { generateInteractions, type InteractionOptions, type SyntheticInteraction } from './interactions';
export { CATEGORIES, type CategorySpec } from './categories';
export { Random } from './random';
