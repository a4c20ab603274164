// graphql-jit in Apollo Server 5, as a request listener that answers `responseForOperation`: Apollo still
// parses, validates and runs the other hooks (limits, cache headers, error reporting); this listener runs
// the validated document compiled and hands Apollo the finished response, so Apollo executes nothing.
// An operation runs on graphql-js for its first `minUses` runs, then is compiled once per parsed
// document (Apollo's document store hands back the same object for the same query): a one-off
// document, or a client sending a new query text every time, never pays for code generation.
//
// Only queries, and only answers without errors: a query has no effects, so when its compiled run
// reports an error (a resolver's, or variables that do not coerce) Apollo runs it again on graphql-js,
// which words, formats and reports the errors as it always has. Running twice costs twice (a database
// timeout takes twice as long), so after a compiled run with errors that query runs on graphql-js alone
// until graphql-js answers it without errors. Mutations run on graphql-js, once.
//
// Why not Apollo's `gateway` executor (the earlier way in): Apollo builds a gateway request context per
// request whose `status` accessors V8 stores in an old-generation AccessorPair, so every scavenge kept
// each whole request alive until the next full collection (bench/README.md, "graphql-jit without the
// gateway"). test/integration/executor-differential.test.ts requires the same answers as graphql-js for
// every operation in test/operations.
import { HeaderMap, type BaseContext, type GraphQLRequestListener } from '@apollo/server';
import { OperationTypeNode, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

export interface JitOptions {
  /** Runs of a document on graphql-js before it is compiled; 0: compile on first use. */
  minUses: number;
  /** Called once per document that graphql-jit cannot compile (it then keeps running on graphql-js). */
  onCompileError?: (operationName: string | null, errors: readonly GraphQLError[]) => void;
}

interface Compiled {
  query: CompiledQuery;
  /** Its last compiled run reported errors: graphql-js answers it until it answers without errors. */
  failing: boolean;
}

/** The runs so far while not compiled yet, the compiled query, or null when graphql-jit cannot compile it. */
type Entry = number | Compiled | null;

export function jitExecution<C extends BaseContext>(options: JitOptions): GraphQLRequestListener<C> {
  // Per document, per operation name. Weak, so a document Apollo's store evicts takes its entries with it.
  const entries = new WeakMap<DocumentNode, Map<string, Entry>>();

  /** The compiled query to run this time, or null for graphql-js. */
  const compiled = (document: DocumentNode, schema: GraphQLSchema, operationName: string | null): Compiled | null => {
    let byName = entries.get(document);
    if (!byName) entries.set(document, (byName = new Map<string, Entry>()));
    const name = operationName ?? '';
    const entry = byName.get(name);
    if (entry === null || typeof entry === 'object') return entry; // cannot be compiled, or compiled
    const uses = entry ?? 0;
    if (uses < options.minUses) {
      byName.set(name, uses + 1);
      return null;
    }
    const c = compileQuery(schema, document, operationName ?? undefined);
    if (isCompiledQuery(c)) {
      const fresh = { query: c, failing: false };
      byName.set(name, fresh);
      return fresh;
    }
    byName.set(name, null);
    options.onCompileError?.(operationName, c.errors ?? []);
    return null;
  };

  return {
    async responseForOperation(rc) {
      // No operation (an unknown operationName, or several operations and none named): Apollo's own
      // execution reports that, although its types promise one here.
      if (rc.operation?.operation !== OperationTypeNode.QUERY) return null;
      const entry = compiled(rc.document, rc.schema, rc.operationName);
      if (entry === null || entry.failing) return null;
      let result;
      try {
        result = await entry.query.query(undefined, rc.contextValue, rc.request.variables ?? {});
      } catch {
        entry.failing = true; // a fault of the compiled code: graphql-js runs it and reports what happens
        return null;
      }
      if (result.data === undefined) return null; // the variables did not coerce, and nothing ran
      if (result.errors?.length) {
        entry.failing = true;
        return null;
      }
      return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: result.data } } };
    },

    willSendResponse(rc) {
      const entry = rc.document && entries.get(rc.document)?.get(rc.operationName ?? '');
      if (entry && typeof entry === 'object' && entry.failing && rc.response.body.kind === 'single' && !rc.response.body.singleResult.errors) {
        entry.failing = false;
      }
      return Promise.resolve();
    },
  };
}
