import type { Principal } from '../auth';
import type { ModelLifecycleService } from './model-lifecycle.service';

/** The part of the per-request context model-lifecycle's resolvers read; app/context.ts builds it. */
export type ModelLifecycleContext = {
  auth: Principal;
  models: ModelLifecycleService;
};
