import type { Principal } from '../auth';
import type { CatalogService } from './catalog.service';
import type { CatalogLoaders } from './loaders';

/** The part of the per-request context catalog's resolvers read; app/context.ts builds it. */
export type CatalogContext = {
  auth: Principal;
  catalog: CatalogService;
  loaders: CatalogLoaders;
};
