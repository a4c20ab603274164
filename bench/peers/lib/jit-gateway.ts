// graphql-jit behind Apollo Server 5 through its `gateway` option. Apollo still parses, validates and runs
// its plugins, then hands the validated document to the gateway's executor instead of graphql-js
// `execute`; the executor compiles each document once (by query hash and operation name) and falls back
// to graphql-js when graphql-jit cannot compile it.
import { execute, GraphQLError, printSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';

// Derived from @apollo/server, so no dependency on @apollo/server-gateway-interface.
type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

const MAX_COMPILED = 1000;

/**
 * graphql-jit's errors leave `extensions` undefined (graphql-js always sets `{}`), and Apollo's error
 * formatting reads `extensions.code` unguarded: a thrown Error would become "Cannot read properties of
 * undefined". Rebuild those as graphql-js errors; variable coercion errors (no `data`) have no `nodes`
 * either, so Apollo would not tag them BAD_USER_INPUT: tag them here.
 */
function normalizeErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const variableErrors = result.data === undefined;
  return {
    ...result,
    errors: result.errors.map((e) => {
      if (e.extensions) return e;
      const err = new GraphQLError(e.message, {
        path: e.path,
        originalError: e.originalError ?? undefined,
        extensions: variableErrors ? { code: 'BAD_USER_INPUT' } : {},
      });
      (err as { locations?: unknown }).locations = e.locations; // graphql-js derives them from nodes, which jit's errors lack
      return err;
    }),
  };
}

export function jitGateway(schema: GraphQLSchema): Gateway {
  // null: graphql-jit cannot compile this document, run it with graphql-js
  const compiled = new Map<string, CompiledQuery | null>();

  const executor: GatewayExecutor = async (rc) => {
    const key = `${rc.queryHash}\u0000${rc.operationName ?? ''}`;
    let entry = compiled.get(key);
    if (entry === undefined) {
      const c = compileQuery(rc.schema, rc.document, rc.operationName ?? undefined);
      entry = isCompiledQuery(c) ? c : null;
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, entry);
    }
    if (entry === null) {
      return execute({ schema: rc.schema, document: rc.document, contextValue: rc.context, variableValues: rc.request.variables, operationName: rc.request.operationName });
    }
    return normalizeErrors(await entry.query(undefined, rc.context, rc.request.variables ?? {}));
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
