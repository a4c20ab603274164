import type { Principal } from '../auth';
import type { CatalogLoaders } from '../catalog';
import type { CommerceService } from './commerce.service';
import type { InteractionService } from './interaction.service';
import type { SessionService } from './session.service';

/** The part of the per-request context telemetry's resolvers read; app/context.ts builds it. */
export type TelemetryContext = {
  auth: Principal;
  interactions: InteractionService;
  commerce: CommerceService;
  sessions: SessionService;
  /** The products behind reviews, cart and order lines, batched per request. */
  loaders: Pick<CatalogLoaders, 'product'>;
};
