// Public surface of the catalog: products, categories and users, their per-request service and
// loaders, the process-wide product cache (and the NOTIFY that keeps replicas' caches fresh), and
// the GraphQL resolvers. Other features, app and cli import the catalog only from here.
export { CatalogService } from './catalog.service';
export { createCatalogLoaders, type CatalogLoaders } from './loaders';
export { requireExisting } from './existence';
export { KnownUsers } from './known-users';
export { PRODUCT_STATS_COLUMNS, statsJoins } from './product-stats';
export { ProductCache } from './product-cache';
export { ResidentProducts } from './resident-products';
export { listenForProductChanges, notifyAllProductsChanged } from './product-changes';
export { CategoryResolver, ProductConnectionResolver, ProductResolver, UserResolver } from './catalog.resolver';
export { Product, User } from './types';
export { CategoryEntity, ProductEntity, UserEntity } from './entities';
export type { CatalogContext } from './context';
