// Public surface of auth: API keys and shopper tokens, the rule table, and the GraphQL resolvers.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../platform/config';
import type { Orm } from '../../platform/db/orm';
import type { Logger } from '../../platform/logger';
import { API_KEY_PREFIX, ApiKeyStore } from './api-keys';
import { Authenticator } from './authenticator';
import { ShopperTokens } from './jwt';
import type { Principal } from './principal';
import { ApiKeyVerifier } from './key-verifier';

export { ApiKeyResolver } from './api-key.resolver';
export { authChecker, denyUncovered } from './auth-checker';
export { actingUserId, ownEvent } from './acting-user';
export { ANONYMOUS, forbidden, type Principal, type Role } from './principal';
export { ApiKeyEntity, ApiKeyRole } from './api-key.entity';
export { ApiKeyStore } from './api-keys';
export { webSocketOriginAllowed } from './origin';
export { openToEveryone, rulesMarkdown } from './rules';
export type { AuthContext } from './context';

/** `npm run dev` works out of the box: without ADMIN_API_KEY, development gets a random admin key, printed once. */
function developmentAdminKey(config: Config, log: Logger): string | undefined {
  if (config.nodeEnv !== 'development' || config.authDisabled) return undefined;
  const key = `${API_KEY_PREFIX}dev_${randomBytes(24).toString('base64url')}`;
  log.warn({ adminApiKey: key }, `development admin key for this run (NODE_ENV=development only): Authorization: Bearer ${key}`);
  return key;
}

export interface Auth {
  /** The principal behind an Authorization value; throws UNAUTHENTICATED for one that does not verify. */
  authenticate(authorization: unknown): Promise<Principal>;
  /** A key store on a request's EntityManager whose revocations clear this process's cache at once. */
  store(em: EntityManager): ApiKeyStore;
  /** Calls `listener` whenever some key may have been revoked (here or on another replica). */
  onRevocation(listener: () => void): void;
  stop(): Promise<void>;
}

export async function createAuth(config: Config, orm: Orm, log: Logger): Promise<Auth> {
  const keys = new ApiKeyVerifier(config.databaseUrl, new ApiKeyStore(orm.em.fork()), log);
  await keys.start();
  const authenticator = new Authenticator(config.adminApiKey ?? developmentAdminKey(config, log), keys, new ShopperTokens(config.jwt));
  const admin: Principal = { role: 'admin', keyId: null };
  return {
    authenticate: config.authDisabled ? () => Promise.resolve(admin) : (authorization) => authenticator.authenticate(authorization),
    store: (em) => new ApiKeyStore(em, () => keys.invalidate()),
    onRevocation: (listener) => keys.onInvalidate(listener),
    stop: () => keys.stop(),
  };
}
