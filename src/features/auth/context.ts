import type { ApiKeyStore } from './api-keys';
import type { Principal } from './principal';

// A type, not an interface, so that Context (their intersection) keeps an implicit index signature,
// which graphql-ws's context type asks for.
/** The part of the per-request context auth's resolvers (and the rule table) read; app/context.ts builds it. */
export type AuthContext = {
  /** Who sent the request, checked by the rule table on every `@Authorized()` field. */
  auth: Principal;
  apiKeys: ApiKeyStore;
};
