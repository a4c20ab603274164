import 'reflect-metadata';
import { getIntrospectionQuery, Kind, OperationTypeNode, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { createSchema } from '../../../src/app/schema';
import { EventBus } from '../../../src/platform/events/pubsub';
import * as operations from '../../generated/graphql';

// With GRAPHQL_EXECUTOR=jit, a query graphql-jit cannot compile silently runs on graphql-js, which
// would also make the differential test compare graphql-js with itself. So every query clients use
// (test/operations) and Sandbox's introspection query must compile against the service's schema.
// Mutations always run on graphql-js (src/app/jit-execution.ts), so they are not asked to.

const documents = Object.entries(operations).filter(([name]) => name.endsWith('Document')) as Array<[string, DocumentNode]>;

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema(new EventBus());
});

it('finds the operations', () => expect(documents.length).toBeGreaterThan(40));

it.each(documents.filter(([, doc]) => doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.QUERY)))(
  '%s compiles',
  (_name, doc) => {
    const compiled = compileQuery(schema, doc);
    expect(isCompiledQuery(compiled) ? [] : compiled.errors).toEqual([]);
  },
);

it('the introspection query compiles', () => {
  const compiled = compileQuery(schema, parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true })));
  expect(isCompiledQuery(compiled)).toBe(true);
});
