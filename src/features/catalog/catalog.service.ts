import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { bigintArray } from '../../platform/sql';
import { batchSize, intInRange, optionalText, requireText } from '../../platform/validate';
import { badInput } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import type { CatalogLoaders } from './loaders';
import type { KnownUsers } from './known-users';
import type { ProductCache } from './product-cache';
import { notifyProductsChanged } from './product-changes';
import { PRODUCT_COLUMNS, PRODUCT_FROM } from './product-sql';
import type { Category, Product, ProductConnection, ProductInput, User, UserInput } from './types';

const MAX_PRICE = 9_999_999_999.99; // numeric(12,2)
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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

export class CatalogService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CatalogLoaders,
    private readonly productCache: ProductCache,
    private readonly maxBatch: number,
    private readonly knownUsers: KnownUsers,
  ) {}

  async product(id: string): Promise<Product | null> {
    return isDbId(id) ? this.loaders.product.load(id) : null;
  }

  /** Products by id in one batch (null for an unknown id), from the cache where it has them. */
  async productsById(ids: readonly string[]): Promise<Array<Product | null>> {
    const found = await this.loaders.product.loadMany(ids);
    return found.map((p) => (p instanceof Error ? null : p));
  }

  async products(first: number, after: string | null | undefined, category: string | null | undefined): Promise<ProductConnection> {
    intInRange(first, 'first', 1, 100);
    const afterId = after ? decodeCursor(after, 1, 'after')[0] : '0';
    const params: unknown[] = [afterId];
    let where = 'p.id > ?';
    if (category != null) {
      where += ' and c.name = ?';
      params.push(category);
    }
    params.push(first + 1);
    const rows: Product[] = await this.em.execute(
      `select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM} where ${where} order by p.id limit ?`,
      params,
    );
    const page = rows.slice(0, first);
    for (const p of page) this.loaders.product.prime(p.id, p);
    const edges = page.map((node) => ({ cursor: encodeCursor([node.id]), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      categoryName: category ?? null,
    };
  }

  async countProducts(categoryName: string | null): Promise<number> {
    const [row] = await this.em.execute(
      `select count(*)::int as n from ${PRODUCT_FROM}${categoryName != null ? ' where c.name = ?' : ''}`,
      categoryName != null ? [categoryName] : [],
    );
    return row.n;
  }

  async categories(): Promise<Category[]> {
    return this.em.execute(`select id::text as "id", name from category order by name`);
  }

  async user(id: string): Promise<User | null> {
    if (!isDbId(id)) return null;
    const [row]: User[] = await this.em.execute(
      `select id::text as "id", email, name, created_at as "createdAt" from app_user where id = ?`,
      [id],
    );
    if (row) this.knownUsers.add(id);
    return row ?? null;
  }

  /** Whether the user exists, from memory for users seen before. */
  async userExists(id: string): Promise<boolean> {
    return this.knownUsers.has(id) || (await this.user(id)) !== null;
  }

  async createUser(input: UserInput): Promise<User> {
    const email = requireText(input.email, 'input.email', 320).toLowerCase();
    if (!EMAIL.test(email)) throw badInput('input.email', 'is not an email address');
    const name = optionalText(input.name, 'input.name', 200);
    const [row]: User[] = await this.em.execute(
      `insert into app_user (email, name) values (?, ?) on conflict (email) do nothing
       returning id::text as "id", email, name, created_at as "createdAt"`,
      [email, name],
    );
    if (!row) throw badInput('input.email', `"${email}" is already registered`);
    return row;
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
    const json = JSON.stringify(clean);
    const ids = await this.em.transactional(async (em) => {
      await em.execute(
        `insert into category (name) select distinct x.category from jsonb_to_recordset(?::jsonb) as x(category text)
         on conflict (name) do nothing`,
        [json],
      );
      const rows: Array<{ id: string; sku: string }> = await em.execute(
        `insert into product (sku, name, description, category_id, price, gender, color, material, size)
         select x.sku, x.name, x.description, c.id, x.price, x.gender, x.color, x.material, x.size
         from jsonb_to_recordset(?::jsonb) as x(sku text, name text, description text, category text,
              price numeric, gender text, color text, material text, size text)
         join category c on c.name = x.category
         on conflict (sku) do update set name = excluded.name, description = excluded.description,
           category_id = excluded.category_id, price = excluded.price, gender = excluded.gender,
           color = excluded.color, material = excluded.material, size = excluded.size, updated_at = now()
         returning id::text as "id", sku`,
        [json],
      );
      const bySku = new Map(rows.map((r) => [r.sku, r.id]));
      const ids = clean.map((p) => bySku.get(p.sku)!);
      await notifyProductsChanged(em, ids);
      return ids;
    });
    const rows: Product[] = await this.em.execute(
      `select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM} where p.id = any(?::bigint[])`,
      [bigintArray(ids)],
    );
    this.productCache.set(rows);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!);
  }
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
