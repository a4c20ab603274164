// graphql-jit behind Apollo Server 5 through its `gateway` option. Apollo still parses, validates and runs
// its plugins (limits, cache headers, error reporting), then hands the validated document to this
// executor instead of graphql-js `execute`. An operation runs on graphql-js for its first `minUses` runs,
// then is compiled once per parsed document (Apollo's document store hands back the same object for the
// same query): a one-off document, or a client sending a new query text every time, never pays for
// code generation. What graphql-jit cannot compile stays on graphql-js, and is reported once. Measured
// in bench/README ("graphql-jit"); test/integration/executor-differential.test.ts requires the same
// answers as graphql-js for every operation in test/operations.
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

export interface JitOptions {
  /** Runs of a document on graphql-js before it is compiled; 0: compile on first use. */
  minUses: number;
  /** Called once per document that graphql-jit cannot compile (it then keeps running on graphql-js). */
  onCompileError?: (operationName: string | null, errors: readonly GraphQLError[]) => void;
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

export function jitGateway(schema: GraphQLSchema, options: JitOptions): Gateway {
  // Per document, per operation name: the runs so far while not compiled yet, the compiled query, or
  // null when graphql-jit cannot compile it. Weak, so a document Apollo's store evicts takes its entry with it.
  const entries = new WeakMap<DocumentNode, Map<string, number | CompiledQuery | null>>();

  /** The compiled query to run this time, or null for graphql-js. */
  const compiled = (rc: GatewayRequestContext): CompiledQuery | null => {
    let byName = entries.get(rc.document);
    if (!byName) entries.set(rc.document, (byName = new Map<string, number | CompiledQuery | null>()));
    const name = rc.operationName ?? '';
    const entry = byName.get(name);
    if (entry === null || typeof entry === 'object') return entry; // cannot be compiled, or compiled
    const uses = entry ?? 0;
    if (uses < options.minUses) {
      byName.set(name, uses + 1);
      return null;
    }
    const c = compileQuery(rc.schema, rc.document, rc.operationName ?? undefined);
    if (isCompiledQuery(c)) {
      byName.set(name, c);
      return c;
    }
    byName.set(name, null);
    options.onCompileError?.(rc.operationName, c.errors ?? []);
    return null;
  };

  const executor: GatewayExecutor = async (rc) => {
    const query = compiled(rc);
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
