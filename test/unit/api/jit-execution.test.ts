import { ApolloServer } from '@apollo/server';
import {
  GraphQLBoolean,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLNullableType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';
import { jitExecution } from '../../../src/app/jit-execution';
import { requestListenersPlugin } from '../../../src/app/request-listeners';

// The jit listener against plain Apollo on one small schema, in process: compiled answers must equal
// graphql-js's, and every answer with errors (graphql-jit builds them differently: no extensions,
// read-only fields, its own variable messages) must reach clients exactly as graphql-js words them.

const nonNull = <T extends GraphQLNullableType>(t: T) => new GraphQLNonNull(t);

const Item = new GraphQLObjectType({
  name: 'Item',
  fields: {
    id: { type: nonNull(GraphQLID) },
    name: { type: nonNull(GraphQLString) },
    broken: {
      type: nonNull(GraphQLString),
      resolve: () => {
        throw new Error('no value');
      },
    },
  },
});

const Range = new GraphQLInputObjectType({ name: 'Range', fields: { from: { type: nonNull(GraphQLInt) }, to: { type: nonNull(GraphQLInt) } } });

const item = (id: number | string) => ({ id: String(id), name: `item ${id}` });

/** Which executor ran a field: graphql-js's executeField is on the stack, compiled code is not. */
const engine = () => (new Error().stack?.includes('graphql/execution/execute') ? 'graphql-js' : 'jit');

const jitServer = (minUses: number) => new ApolloServer({ schema, plugins: [requestListenersPlugin([jitExecution({ minUses })])] });

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: nonNull(new GraphQLList(nonNull(Item))),
        args: { range: { type: nonNull(Range) } },
        resolve: (_, { range }: { range: { from: number; to: number } }) => Array.from({ length: range.to - range.from }, (_v, i) => item(range.from + i)),
      },
      plain: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('database went away');
        },
      },
      coded: {
        type: GraphQLString,
        resolve: () => {
          throw new GraphQLError('range.to must be above range.from', { extensions: { code: 'BAD_USER_INPUT', field: 'range.to' } });
        },
      },
      item: { type: Item, args: { id: { type: nonNull(GraphQLID) } }, resolve: (_, { id }: { id: string }) => item(id) },
      engine: { type: GraphQLString, resolve: engine },
      flaky: {
        type: GraphQLString,
        args: { fail: { type: nonNull(GraphQLBoolean) } },
        resolve: (_, { fail }: { fail: boolean }) => {
          if (fail) throw new Error('flaky');
          return 'ok';
        },
      },
    },
  }),
  mutation: new GraphQLObjectType({ name: 'Mutation', fields: { engine: { type: GraphQLString, resolve: engine } } }),
});

let jit: ApolloServer;
let reference: ApolloServer;

beforeAll(async () => {
  jit = jitServer(0);
  reference = new ApolloServer({ schema });
  await Promise.all([jit.start(), reference.start()]);
});

afterAll(() => Promise.all([jit.stop(), reference.stop()]));

async function both(query: string, variables?: Record<string, unknown>) {
  const answer = async (server: ApolloServer) => {
    const r = await server.executeOperation({ query, variables });
    if (r.body.kind !== 'single') throw new Error('expected a single result');
    return { status: r.http.status, result: JSON.parse(JSON.stringify(r.body.singleResult)) as Record<string, unknown> };
  };
  return { jit: await answer(jit), reference: await answer(reference) };
}

describe('jitExecution answers as graphql-js', () => {
  it('data, run compiled', async () => {
    const r = await both('query($r: Range!) { items(range: $r) { id name } } ', { r: { from: 2, to: 4 } });
    expect(r.jit).toEqual(r.reference);
    expect(r.jit.result).toEqual({ data: { items: [{ id: '2', name: 'item 2' }, { id: '3', name: 'item 3' }] } });
    const engines = await both('{ engine }');
    expect(engines.jit.result).toEqual({ data: { engine: 'jit' } });
    expect(engines.reference.result).toEqual({ data: { engine: 'graphql-js' } });
  });

  it('a plain Error from a resolver: INTERNAL_SERVER_ERROR with its path and location', async () => {
    const r = await both('{ plain }');
    expect(r.jit).toEqual(r.reference);
    expect(r.jit.result.errors).toEqual([
      expect.objectContaining({ message: 'database went away', path: ['plain'], locations: [{ line: 1, column: 3 }], extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }) }),
    ]);
  });

  it("a GraphQLError's own code and fields", async () => {
    const r = await both('{ coded }');
    expect(r.jit).toEqual(r.reference);
    expect(r.jit.result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'range.to' }) })]);
  });

  it('an error in a non-null field nulls its nearest nullable parent', async () => {
    const r = await both('{ item(id: "7") { id broken } }');
    expect(r.jit).toEqual(r.reference);
    expect(r.jit.result.data).toEqual({ item: null });
  });

  it.each([
    ['missing', {}],
    ['a field of the wrong type', { r: { from: 'one', to: 2 } }],
    ['an unknown field', { r: { from: 1, to: 2, step: 1 } }],
    ['a required field left out', { r: { from: 1 } }],
  ])('variables that do not coerce (%s): the graphql-js message, BAD_USER_INPUT, HTTP 400', async (_what, variables) => {
    const r = await both('query($r: Range!) { items(range: $r) { id } }', variables);
    expect(r.jit).toEqual(r.reference);
    expect(r.jit.status).toBe(400);
    expect(r.jit.result.data).toBeUndefined();
    expect((r.jit.result.errors as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('an operation chosen by name from a document with several', async () => {
    const query = 'query A { item(id: "1") { name } } query B { item(id: "2") { name } }';
    const answer = async (server: ApolloServer, operationName: string) => {
      const r = await server.executeOperation({ query, operationName });
      return r.body.kind === 'single' ? r.body.singleResult : undefined;
    };
    expect(await answer(jit, 'B')).toEqual({ data: { item: { name: 'item 2' } } });
    expect(await answer(jit, 'A')).toEqual({ data: { item: { name: 'item 1' } } });
  });
});

describe('jitExecution compiles', () => {
  it('a document after minUses runs on graphql-js, then keeps the compiled query', async () => {
    const server = jitServer(2);
    await server.start();
    const engine = async (query: string) => {
      const r = await server.executeOperation({ query });
      return r.body.kind === 'single' ? (r.body.singleResult.data as { engine: string }).engine : undefined;
    };
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await engine('{ engine }'));
    expect(runs).toEqual(['graphql-js', 'graphql-js', 'jit', 'jit']);
    // Another document counts on its own.
    expect(await engine('query Other { engine }')).toBe('graphql-js');
    await server.stop();
  });

  it('what graphql-jit cannot compile runs on graphql-js, reported once', async () => {
    const failures: Array<[string | null, string[]]> = [];
    const listener = jitExecution({ minUses: 0, onCompileError: (name, errors) => failures.push([name, errors.map((e) => e.message)]) });
    // Stands in for a document graphql-jit cannot compile: it refuses an operation name the document
    // lacks (which Apollo itself never hands over with an operation).
    const document = parse('query A { engine }');
    const request = { schema, document, operation: document.definitions[0], operationName: 'B', contextValue: {}, request: { operationName: 'B' } };
    for (let i = 0; i < 2; i++) expect(await listener.responseForOperation!(request as never)).toBeNull();
    expect(failures).toEqual([['B', [expect.stringContaining('B')]]]);
  });

  it('compiled code that throws: graphql-js runs the request instead of Apollo answering 500', async () => {
    const listener = jitExecution({ minUses: 0 });
    const document = parse('{ engine }');
    const request = {
      schema,
      document,
      operation: document.definitions[0],
      operationName: null,
      contextValue: {},
      request: {
        get variables(): never {
          throw new Error('unreadable');
        },
      },
    };
    expect(await listener.responseForOperation!(request as never)).toBeNull();
  });
});

describe('jitExecution leaves to graphql-js', () => {
  it('a query whose compiled run reports an error: run again on graphql-js, which answers', async () => {
    const r = await both('{ engine plain }');
    expect(r.jit).toEqual(r.reference);
    expect(r.jit.result.data).toEqual({ engine: 'graphql-js', plain: null });
  });

  it('that query, until graphql-js answers it without errors; then compiled again', async () => {
    const server = jitServer(0);
    await server.start();
    const query = 'query($fail: Boolean!) { engine flaky(fail: $fail) }';
    const run = async (fail: boolean) => {
      const r = await server.executeOperation({ query, variables: { fail } });
      return r.body.kind === 'single' ? (r.body.singleResult.data as { engine: string }).engine : undefined;
    };
    const engines = [];
    for (const fail of [false, true, true, false, false]) engines.push(await run(fail));
    // The first failing run was compiled and then answered by graphql-js; the second went to graphql-js
    // alone, as did the success that ended it.
    expect(engines).toEqual(['jit', 'graphql-js', 'graphql-js', 'graphql-js', 'jit']);
    await server.stop();
  });

  it.each([
    ['an unknown operation name', 'query A { engine }', 'B'],
    ['several operations and none named', 'query A { engine } query B { engine }', undefined],
  ])('a request without an operation (%s): the same 400 as graphql-js', async (_what, query, operationName) => {
    const answer = async (server: ApolloServer) => {
      const r = await server.executeOperation({ query, operationName });
      return { status: r.http.status, body: r.body.kind === 'single' ? JSON.parse(JSON.stringify(r.body.singleResult)) : undefined } as {
        status?: number;
        body: { errors: Array<{ extensions: { code: string } }> };
      };
    };
    const fromJit = await answer(jit);
    expect(fromJit).toEqual(await answer(reference));
    expect(fromJit.status).toBe(400);
    expect(fromJit.body.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('mutations, which must take effect once', async () => {
    const r = await both('mutation { engine }');
    expect(r.jit.result).toEqual({ data: { engine: 'graphql-js' } });
  });
});
