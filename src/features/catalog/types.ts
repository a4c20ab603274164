import { GraphQLDateTime } from 'graphql-scalars';
import { Authorized, Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { PageInfo } from '../../platform/types';

@ObjectType({ simpleResolvers: true })
export class Category {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;
}

/** A product row as the services return it; category, avgRating and the counts are field resolvers. */
@ObjectType({ simpleResolvers: true })
export class Product {
  @Field(() => ID)
  id!: string;

  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  categoryId!: string;
  categoryName!: string;

  @Field(() => Float)
  price!: number;

  @Field(() => String, { nullable: true })
  gender!: string | null;

  @Field(() => String, { nullable: true })
  color!: string | null;

  @Field(() => String, { nullable: true })
  material!: string | null;

  @Field(() => String, { nullable: true })
  size!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ProductEdge {
  @Field()
  cursor!: string;

  @Field(() => Product)
  node!: Product;
}

@ObjectType()
export class ProductConnection {
  @Field(() => [ProductEdge])
  edges!: ProductEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Category filter of the page, for the totalCount resolver. */
  categoryName!: string | null;
}

@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;

  @Authorized()
  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@InputType()
export class ProductInput {
  @Field({ description: 'Stock-keeping unit; upsertProducts is keyed by it' })
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field({ description: 'Category name; created when new' })
  category!: string;

  @Field(() => Float)
  price!: number;

  @Field(() => String, { nullable: true })
  gender?: string | null;

  @Field(() => String, { nullable: true })
  color?: string | null;

  @Field(() => String, { nullable: true })
  material?: string | null;

  @Field(() => String, { nullable: true })
  size?: string | null;
}

@InputType()
export class UserInput {
  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;
}
