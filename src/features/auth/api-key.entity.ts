import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export enum ApiKeyRole {
  admin = 'admin',
  service = 'service',
}

/** An API key; only the SHA-256 of its secret is stored (the secret is shown once, at creation). */
@Entity({ tableName: 'api_key' })
export class ApiKeyEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => ApiKeyRole, nativeEnumName: 'api_key_role' })
  role!: ApiKeyRole;

  /** The secret's first characters, to recognise a key in listings and logs. */
  @Property({ type: 'string', length: 20 })
  prefix!: string;

  @Property({ type: 'string', length: 64 })
  @Unique()
  secretHash!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
