// Public surface of telemetry: interactions (single and batched, idempotent), anonymous sessions,
// carts, orders and reviews, and their GraphQL resolvers (including User.cart and User.orders).
// Other features, app and cli import telemetry only from here.
export { CommerceService } from './commerce.service';
export { InteractionIngest } from './interaction-group-commit';
export { InteractionService } from './interaction.service';
export { SessionService } from './session.service';
export {
  CartItemProductResolver,
  CommerceResolver,
  InteractionProductResolver,
  InteractionRateResolver,
  InteractionResolver,
  OrderItemProductResolver,
  ReviewProductResolver,
  UserCommerceResolver,
} from './telemetry.resolver';
export { Interaction } from './types';
export {
  countInteractions,
  insertInteractions,
  interactionsPage,
  maxInteractionId,
  type InteractionWindow,
} from './interaction.table';
export type { InteractionRow } from './validate-interaction';
export {
  CartItemEntity,
  IdempotencyKeyEntity,
  InteractionEntity,
  InteractionType,
  OrderEntity,
  OrderItemEntity,
  ReviewEntity,
} from './entities';
export type { TelemetryContext } from './context';
