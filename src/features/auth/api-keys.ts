import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, notFound } from '../../platform/errors';
import { query } from '../../platform/sql';
import { insertReturning } from '../../platform/db/insert';
import { inTransaction } from '../../platform/db/transaction';
import { ApiKeyEntity, ApiKeyRole } from './api-key.entity';

/** Every replica LISTENs here and drops its cached keys (payload: the revoked key's id). */
export const API_KEY_REVOKED_CHANNEL = 'api_key_revoked';
export const API_KEY_PREFIX = 'rk_';

/**
 * SHA-256, not a slow password hash: a key is 256 random bits, so no dictionary or brute force can
 * reach it through its hash, and the hash is computed on every request (bcrypt/scrypt would cost
 * milliseconds each). Lookup is by the hash itself, so no secret is compared byte by byte.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export interface ActiveKey {
  id: string;
  role: ApiKeyRole;
}

export class ApiKeyStore {
  /** onRevoked: this process's own cache is cleared at once, without waiting for its NOTIFY. */
  constructor(
    private readonly em: EntityManager,
    private readonly onRevoked: () => void = () => undefined,
  ) {}

  /** Stores a new key and returns it with its secret, which is not stored and cannot be shown again. */
  async create(name: string, role: ApiKeyRole): Promise<{ key: ApiKeyEntity; secret: string }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) throw badInput('name', 'must be 1-200 characters');
    if (!Object.values(ApiKeyRole).includes(role)) throw badInput('role', `must be one of ${Object.values(ApiKeyRole).join(', ')}`);
    const secret = newSecret();
    const key = await insertReturning(this.em, ApiKeyEntity, { name: trimmed, role, prefix: secret.slice(0, 10), secretHash: hashSecret(secret), createdAt: new Date() });
    return { key, secret };
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.em.find(ApiKeyEntity, {}, { orderBy: { id: 'asc' } });
  }

  /** Marks the key revoked and tells every replica (NOTIFY is delivered at commit); revoking twice is a no-op. */
  async revoke(id: string): Promise<ApiKeyEntity> {
    if (!/^\d{1,18}$/.test(id)) throw notFound('id', 'API key', id);
    const revoked = await inTransaction(this.em, async (em) => {
      const key = await em.findOne(ApiKeyEntity, { id });
      if (!key) throw notFound('id', 'API key', id);
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await em.nativeUpdate(ApiKeyEntity, { id }, { revokedAt: key.revokedAt });
        await query(em, `select pg_notify(?, ?)`, [API_KEY_REVOKED_CHANNEL, id]);
      }
      return key;
    });
    this.onRevoked();
    return revoked;
  }

  async findActive(secretHash: string): Promise<ActiveKey | null> {
    // Plain values, not an entity: the verifier's EntityManager lives as long as the process.
    const key = await this.em
      .createQueryBuilder(ApiKeyEntity)
      .select(['id', 'role'])
      .where({ secretHash, revokedAt: null })
      .execute<ActiveKey | undefined>('get');
    return key ? { id: String(key.id), role: key.role } : null;
  }
}
