// The peers' in-memory schema: 10,000 products and `similar(n)`, the same response shape as the service's
// `similarProducts(productId, n) { score product { id name price } }`, answered from memory.
import { buildSchema, GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

const SDL = /* GraphQL */ `
  type Product {
    id: ID!
    name: String!
    price: Float!
  }
  type Rec {
    score: Float!
    product: Product!
  }
  type Query {
    similar(n: Int!): [Rec!]!
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
const products: Product[] = Array.from({ length: PRODUCT_COUNT }, (_, i) => ({
  id: String(i + 1),
  name: `Product ${i + 1}`,
  price: Math.round(((i * 7919) % 10_000) + 99) / 100,
}));

let cursor = 0;
/** n recommendations; a rotating start so successive calls do not return the same slice. */
function similar(n: number): Rec[] {
  const out: Rec[] = new Array<Rec>(n);
  const start = cursor;
  cursor = (cursor + n) % PRODUCT_COUNT;
  for (let i = 0; i < n; i++) out[i] = { score: 1 - i / (n + 1), product: products[(start + i) % PRODUCT_COUNT] };
  return out;
}

const similarResolver: GraphQLFieldResolver<unknown, unknown, { n: number }> = (_root, args) => similar(Math.max(0, Math.min(args.n, 100)));

/** An executable schema from graphql-js alone (no graphql-tools): the SDL with the resolver attached. */
export function makeSchema(): GraphQLSchema {
  const schema = buildSchema(SDL);
  const query = schema.getQueryType();
  if (!(query instanceof GraphQLObjectType)) throw new Error('no Query type');
  query.getFields().similar.resolve = similarResolver as GraphQLFieldResolver<unknown, unknown>;
  return schema;
}

/** The two operations every peer serves (the service's own are in bench/stack-compare.ts). */
export const PEER_QUERIES = {
  typename: '{ __typename }',
  similar: '{ similar(n: 10) { score product { id name price } } }',
} as const;
