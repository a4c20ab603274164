import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref, type Opt } from '@mikro-orm/core';

@Entity({ tableName: 'category' })
export class CategoryEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 200 })
  @Unique()
  name!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

@Entity({ tableName: 'product' })
@Index({ properties: ['category', 'id'] })
export class ProductEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 100 })
  @Unique()
  sku!: string;

  @Property({ type: 'string', length: 500 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @ManyToOne(() => CategoryEntity, { ref: true, deleteRule: 'restrict' })
  category!: Ref<CategoryEntity>;

  // numeric keeps cents exact; the pg driver returns it as a string, converted at the edge.
  @Property({ type: 'decimal', precision: 12, scale: 2 })
  price!: string;

  @Property({ type: 'string', length: 50, nullable: true })
  gender: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  color: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  material: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  size: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = new Date();
}

@Entity({ tableName: 'app_user' })
export class UserEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 320 })
  @Unique()
  email!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  name: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
