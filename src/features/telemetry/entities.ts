import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { ProductEntity, UserEntity } from '../catalog';

export enum InteractionType {
  VIEW = 'VIEW',
  ADD_TO_CART = 'ADD_TO_CART',
  PURCHASE = 'PURCHASE',
  RATE = 'RATE',
}

/** Whose an event is for eventId idempotency: the user's id, or `anon:<anonymousId>` for a session (kept after a merge). */
export const EVENT_SCOPE_SQL = `coalesce('anon:' || anonymous_id, user_id::text)`;

@Entity({ tableName: 'interaction' })
@Check({ name: 'interaction_user_or_anonymous', expression: 'user_id is not null or anonymous_id is not null' })
@Unique({
  name: 'interaction_scope_event_id_unique',
  expression: `create unique index "interaction_scope_event_id_unique" on "interaction" ((${EVENT_SCOPE_SQL}), "event_id") where "event_id" is not null`,
})
@Index({
  name: 'interaction_anonymous_id_created_at_index',
  expression: `create index "interaction_anonymous_id_created_at_index" on "interaction" ("anonymous_id", "created_at") where "anonymous_id" is not null`,
})
@Index({ properties: ['user', 'createdAt'] })
@Index({ properties: ['product', 'type'] })
@Index({ properties: ['createdAt'] })
export class InteractionEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  // Client-supplied idempotency key, unique per scope (user or session): a retry with the same eventId is stored once.
  @Property({ type: 'string', length: 200, nullable: true })
  eventId: string | null = null;

  /** null for an anonymous session's event until the session is merged into a user. */
  @ManyToOne(() => UserEntity, { mapToPk: true, deleteRule: 'cascade', nullable: true })
  user: string | null = null;

  /** The anonymous session that sent the event; kept when the event is attributed to a user. */
  @Property({ type: 'string', length: 200, nullable: true })
  anonymousId: string | null = null;

  @ManyToOne(() => ProductEntity, { mapToPk: true, deleteRule: 'cascade' })
  product!: string;

  @Enum({ items: () => InteractionType, nativeEnumName: 'interaction_type' })
  type!: InteractionType;

  @Property({ type: 'smallint', nullable: true })
  rating: number | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  sessionId: string | null = null;

  @Property({ type: 'integer', default: 0 })
  timeSpentSeconds = 0;

  /** When the interaction happened (the client's occurredAt, or the time it was received). */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

@Entity({ tableName: 'review' })
@Unique({ properties: ['user', 'product'] })
@Index({ properties: ['product'] })
export class ReviewEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => UserEntity, { mapToPk: true, deleteRule: 'cascade' })
  user!: string;

  @ManyToOne(() => ProductEntity, { mapToPk: true, deleteRule: 'cascade' })
  product!: string;

  @Property({ type: 'smallint' })
  rating!: number;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = new Date();
}

@Entity({ tableName: 'cart_item' })
@Unique({ properties: ['user', 'product'] })
export class CartItemEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => UserEntity, { mapToPk: true, deleteRule: 'cascade' })
  user!: string;

  @ManyToOne(() => ProductEntity, { mapToPk: true, deleteRule: 'cascade' })
  product!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  addedAt: Opt<Date> = new Date();
}

@Entity({ tableName: 'customer_order' })
@Index({ properties: ['user', 'createdAt'] })
export class OrderEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => UserEntity, { mapToPk: true, deleteRule: 'cascade' })
  user!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  total!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

@Entity({ tableName: 'order_item' })
@Unique({ properties: ['order', 'product'] })
export class OrderItemEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => OrderEntity, { mapToPk: true, deleteRule: 'cascade' })
  order!: string;

  @ManyToOne(() => ProductEntity, { mapToPk: true, deleteRule: 'restrict' })
  product!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /** Unit price at the moment of purchase; later catalogue price changes do not rewrite history. */
  @Property({ type: 'decimal', precision: 12, scale: 2 })
  unitPrice!: string;
}

/** A commerce write's idempotency key (scoped per user) and a reference to its first result. */
@Entity({ tableName: 'idempotency_key' })
export class IdempotencyKeyEntity {
  @ManyToOne(() => UserEntity, { primary: true, mapToPk: true, deleteRule: 'cascade' })
  user!: string;

  @PrimaryKey({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'string', length: 50 })
  operation!: string;

  /** sha256 (hex) of the operation and its arguments: the same key with other arguments is refused. */
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  /** The id of what the first call wrote (order, review, cart line). */
  @Property({ type: 'text', nullable: true })
  resultId: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
