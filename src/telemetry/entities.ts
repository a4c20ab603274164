import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ProductEntity, UserEntity } from '../catalog/entities';

export enum InteractionType {
  VIEW = 'VIEW',
  ADD_TO_CART = 'ADD_TO_CART',
  PURCHASE = 'PURCHASE',
  RATE = 'RATE',
}

@Entity({ tableName: 'interaction' })
@Index({ properties: ['user', 'createdAt'] })
@Index({ properties: ['product', 'type'] })
@Index({ properties: ['createdAt'] })
export class InteractionEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  // Client-supplied idempotency key: a retry with the same eventId is stored once.
  @Property({ type: 'string', length: 200, nullable: true })
  @Unique()
  eventId: string | null = null;

  @ManyToOne(() => UserEntity, { mapToPk: true, deleteRule: 'cascade' })
  user!: string;

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
  createdAt: Date = new Date();
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
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
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
  addedAt: Date = new Date();
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
  createdAt: Date = new Date();
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
