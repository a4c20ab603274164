import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

/** The committed schema.graphql: sorted, so the file changes only when the API does. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return `# Generated from the type-graphql resolvers by \`npm run print-schema\`; do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
