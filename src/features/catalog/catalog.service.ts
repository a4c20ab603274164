import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { batchSize, intInRange, optionalText, requireText } from '../../platform/validate';
import { badInput } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import { CategoryEntity, ProductEntity, UserEntity } from './entities';
import { insertReturning } from '../../platform/db/insert';
import { inTransaction } from '../../platform/db/transaction';
import { existingIds } from './existence';
import type { CatalogLoaders } from './loaders';
import type { KnownUsers } from './known-users';
import { toCategory, toProduct, toUser } from './mappers';
import type { ProductCache } from './product-cache';
import { notifyProductsChanged } from './product-changes';
import { productsByIds } from './product.table';
import type { Category, Product, ProductConnection, ProductInput, User, UserInput } from './types';

const MAX_PRICE = 9_999_999_999.99; // numeric(12,2)
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** What upsertProducts writes besides sku and category (and so what it replaces on an existing sku). */
const PRODUCT_FIELDS = ['name', 'description', 'price', 'gender', 'color', 'material', 'size'] as const;

interface CleanProduct {
  sku: string;
  name: string;
  description: string | null;
  category: string;
  price: number;
  gender: string | null;
  color: string | null;
  material: string | null;
  size: string | null;
}

/**
 * The catalog for one request. The request's EntityManager and loaders are made on first use (`db`,
 * `batch`), so an answer the product cache can give costs neither.
 */
export class CatalogService {
  constructor(
    private readonly db: () => EntityManager,
    private readonly batch: () => CatalogLoaders,
    private readonly productCache: ProductCache,
    private readonly maxBatch: number,
    private readonly knownUsers: KnownUsers,
    /**
     * The process's EntityManager for existence checks outside any transaction (raw statements, nothing
     * in its identity map): forking the request's own for one primary-key probe cost more CPU than the probe.
     */
    private readonly lookups: EntityManager,
  ) {}

  private get em(): EntityManager {
    return this.db();
  }

  private get loaders(): CatalogLoaders {
    return this.batch();
  }

  async product(id: string): Promise<Product | null> {
    if (!isDbId(id)) return null;
    return this.productCache.get(id) ?? this.loaders.product.load(id);
  }

  /** Products by id in one batch (null for an unknown id), from the cache where it has them. */
  async productsById(ids: readonly string[]): Promise<Array<Product | null>> {
    const cached = ids.map((id) => this.productCache.get(id));
    if (cached.every((p) => p !== undefined)) return cached;
    const found = await this.loaders.product.loadMany(ids);
    return found.map((p) => (p instanceof Error ? null : p));
  }

  async products(first: number, after: string | null | undefined, category: string | null | undefined): Promise<ProductConnection> {
    intInRange(first, 'first', 1, 100);
    const afterId = after ? decodeCursor(after, 1, 'after')[0] : '0';
    const rows = await this.em.find(
      ProductEntity,
      { id: { $gt: afterId }, ...inCategory(category ?? null) },
      { populate: ['category'], orderBy: { id: 'asc' }, limit: first + 1 },
    );
    const page = rows.slice(0, first).map(toProduct);
    for (const p of page) this.loaders.product.prime(p.id, p);
    const edges = page.map((node) => ({ cursor: encodeCursor([node.id]), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      categoryName: category ?? null,
    };
  }

  async countProducts(categoryName: string | null): Promise<number> {
    return this.em.count(ProductEntity, inCategory(categoryName));
  }

  async categories(): Promise<Category[]> {
    return (await this.em.find(CategoryEntity, {}, { orderBy: { name: 'asc' } })).map(toCategory);
  }

  async user(id: string): Promise<User | null> {
    if (!isDbId(id)) return null;
    const user = await this.em.findOne(UserEntity, { id });
    if (user) this.knownUsers.add(id);
    return user && toUser(user);
  }

  async userByEmail(email: string): Promise<User | null> {
    const user = await this.em.findOne(UserEntity, { email: requireText(email, 'email', 320).toLowerCase() });
    return user && toUser(user);
  }

  /** Whether the user exists, from memory for users seen before. */
  async userExists(id: string): Promise<boolean> {
    if (this.knownUsers.has(id)) return true;
    const found = (await existingIds(this.lookups, 'user', [id])).has(id);
    if (found) this.knownUsers.add(id);
    return found;
  }

  async createUser(input: UserInput): Promise<User> {
    const email = requireText(input.email, 'input.email', 320).toLowerCase();
    if (!EMAIL.test(email)) throw badInput('input.email', 'is not an email address');
    const name = optionalText(input.name, 'input.name', 200);
    try {
      return toUser(await insertReturning(this.em, UserEntity, { email, name }));
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw badInput('input.email', `"${email}" is already registered`);
      throw e;
    }
  }

  /** Creates or updates products by sku, creating categories by name; all or nothing. */
  async upsertProducts(inputs: ProductInput[]): Promise<Product[]> {
    batchSize(inputs.length, 'inputs', this.maxBatch);
    const clean = inputs.map((p, i) => cleanProduct(p, `inputs[${i}]`));
    const seen = new Map<string, number>();
    clean.forEach((p, i) => {
      const prev = seen.get(p.sku);
      if (prev !== undefined) throw badInput(`inputs[${i}].sku`, `duplicates inputs[${prev}].sku "${p.sku}"`);
      seen.set(p.sku, i);
    });
    const ids = await inTransaction(this.em, async (em) => {
      const names = [...new Set(clean.map((p) => p.category))];
      await em
        .createQueryBuilder(CategoryEntity)
        .insert(names.map((name) => ({ name })))
        .onConflict('name')
        .ignore()
        .execute('run');
      const categories = await em.find(CategoryEntity, { name: { $in: names } });
      const categoryId = new Map(categories.map((c) => [c.name, c.id]));
      const updatedAt = new Date();
      const written = await em.upsertMany(
        ProductEntity,
        clean.map(({ category, ...p }) => ({ ...p, price: p.price.toFixed(2), category: categoryId.get(category)!, updatedAt })),
        { onConflictFields: ['sku'], onConflictMergeFields: [...PRODUCT_FIELDS, 'category', 'updatedAt'] },
      );
      const idOf = new Map(written.map((p) => [p.sku, p.id]));
      const ids = clean.map((p) => idOf.get(p.sku)!);
      await notifyProductsChanged(em, ids);
      return ids;
    });
    // Dropped here at once (the NOTIFY comes later), so no read from before the write can cache it again.
    this.productCache.invalidate(ids);
    const stamp = this.productCache.stamp;
    const products = await productsByIds(this.em, ids);
    this.productCache.set(products, stamp);
    const byId = new Map(products.map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id)!);
  }
}

function inCategory(name: string | null): { category?: { name: string } } {
  return name === null ? {} : { category: { name } };
}

function cleanProduct(p: ProductInput, at: string): CleanProduct {
  if (!Number.isFinite(p.price) || p.price < 0 || p.price > MAX_PRICE) {
    throw badInput(`${at}.price`, `must be a number from 0 to ${MAX_PRICE}`);
  }
  return {
    sku: requireText(p.sku, `${at}.sku`, 100),
    name: requireText(p.name, `${at}.name`, 500),
    description: optionalText(p.description, `${at}.description`, 10_000),
    category: requireText(p.category, `${at}.category`, 200),
    price: Math.round(p.price * 100) / 100,
    gender: optionalText(p.gender, `${at}.gender`, 50),
    color: optionalText(p.color, `${at}.color`, 50),
    material: optionalText(p.material, `${at}.material`, 100),
    size: optionalText(p.size, `${at}.size`, 50),
  };
}
