// The peers' in-memory schema: the service's `similarProducts(productId, n) { score product { id name price } }`
// answered from memory, over the same 10,000 products the benchmarks generate (the generate CLI's
// catalogue at seed 42: same names, prices and id lengths), so a peer's answer has the service's size.
import { buildSchema, GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { generateCatalog } from '../../../src/synthetic';

const SDL = /* GraphQL */ `
  type Product {
    id: ID!
    name: String!
    price: Float!
  }
  type Recommendation {
    score: Float!
    product: Product!
  }
  type Query {
    similarProducts(productId: ID!, n: Int = 10): [Recommendation!]!
  }
`;

interface Product {
  id: string;
  name: string;
  price: number;
}
interface Rec {
  score: number;
  product: Product;
}

const PRODUCT_COUNT = 10_000;
// Ids as the generated database numbers them (1, 2, ...); the seed is the generate CLI's default.
const products: Product[] = generateCatalog({ products: PRODUCT_COUNT, seed: 42 }).map((p, i) => ({ id: String(i + 1), name: p.name, price: p.price }));

/** n recommendations: the products after productId's (scores as long as the service's float32 ones). */
function similar(productId: string, n: number): Rec[] {
  const out: Rec[] = new Array<Rec>(n);
  const start = Number(productId) % PRODUCT_COUNT || 0;
  for (let i = 0; i < n; i++) out[i] = { score: Math.fround(1 - i / (n + 1)), product: products[(start + i + 1) % PRODUCT_COUNT] };
  return out;
}

const similarResolver: GraphQLFieldResolver<unknown, unknown, { productId: string; n: number }> = (_root, args) =>
  similar(args.productId, Math.max(0, Math.min(args.n, 100)));

/** An executable schema from graphql-js alone (no graphql-tools): the SDL with the resolver attached. */
export function makeSchema(): GraphQLSchema {
  const schema = buildSchema(SDL);
  const query = schema.getQueryType();
  if (!(query instanceof GraphQLObjectType)) throw new Error('no Query type');
  query.getFields().similarProducts.resolve = similarResolver as GraphQLFieldResolver<unknown, unknown>;
  return schema;
}

/** The two operations every peer serves, as the service is sent them (similar with a product id variable). */
export const PEER_QUERIES = {
  typename: '{ __typename }',
  similar: 'query Similar($id: ID!) { similarProducts(productId: $id, n: 10) { score product { id name price } } }',
} as const;
