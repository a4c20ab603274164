import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CatalogContext } from './context';
import { Category, Product, ProductConnection, ProductInput, User, UserInput } from './types';

@Resolver(() => Product)
export class ProductResolver {
  @Authorized()
  @Query(() => Product, { nullable: true })
  product(@Arg('id', () => ID) id: string, @Ctx() ctx: CatalogContext) {
    return ctx.catalog.product(id);
  }

  @Authorized()
  @Query(() => ProductConnection, { description: 'Products in id order, paged by cursor' })
  products(
    @Arg('first', () => Int, { defaultValue: 20, description: '1-100' }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('category', () => String, { nullable: true, description: 'category name' }) category: string | null,
    @Ctx() ctx: CatalogContext,
  ) {
    return ctx.catalog.products(first, after, category);
  }

  @Authorized()
  @Mutation(() => [Product], { description: 'Creates or updates products keyed by sku (up to MAX_BATCH_SIZE); all or nothing' })
  upsertProducts(@Arg('inputs', () => [ProductInput]) inputs: ProductInput[], @Ctx() ctx: CatalogContext) {
    return ctx.catalog.upsertProducts(inputs);
  }

  @FieldResolver(() => Category)
  category(@Root() p: Product): Category {
    return { id: p.categoryId, name: p.categoryName };
  }

  @FieldResolver(() => Float, { nullable: true })
  async avgRating(@Root() p: Product, @Ctx() ctx: CatalogContext) {
    return (await ctx.loaders.productStats.load(p.id)).avgRating;
  }

  @FieldResolver(() => Int)
  async reviewCount(@Root() p: Product, @Ctx() ctx: CatalogContext) {
    return (await ctx.loaders.productStats.load(p.id)).reviewCount;
  }

  @FieldResolver(() => Int)
  async interactionCount(@Root() p: Product, @Ctx() ctx: CatalogContext) {
    return (await ctx.loaders.productStats.load(p.id)).interactionCount;
  }
}

@Resolver(() => ProductConnection)
export class ProductConnectionResolver {
  @FieldResolver(() => Int, { description: 'Products matching the filter' })
  totalCount(@Root() c: ProductConnection, @Ctx() ctx: CatalogContext) {
    return ctx.catalog.countProducts(c.categoryName);
  }
}

@Resolver()
export class CategoryResolver {
  @Authorized()
  @Query(() => [Category])
  categories(@Ctx() ctx: CatalogContext) {
    return ctx.catalog.categories();
  }
}

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Query(() => User, { nullable: true })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: CatalogContext) {
    return ctx.catalog.user(id);
  }

  @Authorized()
  @Query(() => User, { nullable: true, description: 'The user with this email address (compared case-insensitively)' })
  userByEmail(@Arg('email', () => String) email: string, @Ctx() ctx: CatalogContext) {
    return ctx.catalog.userByEmail(email);
  }

  @Authorized()
  @Mutation(() => User)
  createUser(@Arg('input', () => UserInput) input: UserInput, @Ctx() ctx: CatalogContext) {
    return ctx.catalog.createUser(input);
  }
}
