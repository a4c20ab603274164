// graphql-jit behind Apollo Server 5 through its `gateway` option. Apollo still parses, validates and runs
// its plugins (limits, cache headers, error reporting), then hands the validated document to this
// executor instead of graphql-js `execute`. Each operation is compiled once per parsed document (Apollo's
// document store hands back the same object for the same query); what graphql-jit cannot compile runs on
// graphql-js. Measured in bench/README ("graphql-jit"); test/integration/executor-differential.test.ts
// requires the same answers as graphql-js for every operation in test/operations.
import { execute, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';

// Derived from @apollo/server, so no dependency on @apollo/server-gateway-interface.
type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];

/**
 * graphql-jit builds its own error objects: `extensions` left undefined when the thrown error had none
 * (graphql-js always sets `{}`, and Apollo's formatting expects it) and read-only, so they cannot be
 * patched. Rebuild those as graphql-js errors with the same message, path and locations.
 */
function asGraphqlJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((e) => e.extensions === undefined)) return result;
  return {
    ...result,
    errors: result.errors.map((e) => {
      if (e.extensions !== undefined) return e;
      const err = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined });
      (err as { locations?: unknown }).locations = e.locations; // graphql-js derives them from nodes, which jit's errors lack
      return err;
    }),
  };
}

function graphqlJs(rc: GatewayRequestContext) {
  return execute({
    schema: rc.schema,
    document: rc.document,
    contextValue: rc.context,
    variableValues: rc.request.variables,
    operationName: rc.request.operationName,
  });
}

export function jitGateway(schema: GraphQLSchema): Gateway {
  // Per document, per operation name: the compiled query, or null when graphql-jit cannot compile it.
  // Weak, so a document Apollo's store evicts takes its compiled code with it.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  const compile = (rc: GatewayRequestContext): CompiledQuery | null => {
    let byName = compiled.get(rc.document);
    if (!byName) compiled.set(rc.document, (byName = new Map<string, CompiledQuery | null>()));
    const name = rc.operationName ?? '';
    let entry = byName.get(name);
    if (entry === undefined) {
      const c = compileQuery(rc.schema, rc.document, rc.operationName ?? undefined);
      entry = isCompiledQuery(c) ? c : null;
      byName.set(name, entry);
    }
    return entry;
  };

  const executor: GatewayExecutor = async (rc) => {
    const query = compile(rc);
    if (query === null) return graphqlJs(rc);
    const result = await query.query(undefined, rc.context, rc.request.variables ?? {});
    // No data: the variables did not coerce, and nothing ran. graphql-js reports that in its own words
    // (and with the BAD_USER_INPUT Apollo gives it), so clients see one set of messages.
    if (result.data === undefined) return graphqlJs(rc);
    return asGraphqlJsErrors(result);
  };

  return {
    load: () => Promise.resolve({ executor }),
    // Apollo subscribes before load() and takes the schema only from this callback.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    stop: () => Promise.resolve(),
  };
}
