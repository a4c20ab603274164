import {
  GraphQLError,
  getNullableType,
  isListType,
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  visit,
} from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
  maxTokens: number;
}

/** Arguments that say how many items a field returns. */
const SIZE_ARGUMENTS = ['first', 'n', 'limit'];
/** Items assumed for a list field without a size argument (categories, introspection's types and fields...). */
const ASSUMED_LIST_SIZE = 10;

function limitError(limit: string, message: string, max: number, actual?: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, max, ...(actual !== undefined && { actual }) } });
}

/**
 * Depth and aliases come from GraphQL Armor's rules (maintained, fragment-aware); they report through
 * the validation context instead of throwing, so a refusal is an ordinary validation error.
 */
export function queryLimitRules(l: QueryLimits): ValidationRule[] {
  const report = (limit: string, max: number) => (ctx: ValidationContext | null, e: GraphQLError) =>
    ctx?.reportError(limitError(limit, e.message.replace(/^Syntax Error: /, ''), max));
  return [
    (ctx) => maxDepthRule({ n: l.maxDepth, ignoreIntrospection: false, flattenFragments: true, propagateOnRejection: false, onReject: [report('depth', l.maxDepth)] })(ctx),
    (ctx) => maxAliasesRule({ n: l.maxAliases, propagateOnRejection: false, onReject: [report('aliases', l.maxAliases)] })(ctx),
    rootFieldsRule(l.maxRootFields),
  ];
}

/** At most `max` top-level fields per operation (fragments on the root type count with their fields). */
function rootFieldsRule(max: number): ValidationRule {
  return (ctx) => {
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) n += s.name.value === '__typename' ? 0 : 1;
        else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          seen.add(s.name.value);
          const fragment = ctx.getFragment(s.name.value);
          if (fragment) n += count(fragment.selectionSet, seen);
        }
      }
      return n;
    };
    return {
      OperationDefinition(op) {
        const n = count(op.selectionSet, new Set());
        if (n > max) ctx.reportError(limitError('rootFields', `Root field limit of ${max} exceeded, found ${n}.`, max, n));
      },
    };
  };
}

/**
 * Cost: every field selected costs 1, times the number of items its list returns: the value of its
 * `first`, `n` or `limit` argument (variables and defaults applied), or ASSUMED_LIST_SIZE for a list
 * without one; a connection's `edges` take their size from the connection's own argument.
 */
const listCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const size = SIZE_ARGUMENTS.map((a): unknown => args[a]).find((v): v is number => typeof v === 'number');
  let multiplier = 1;
  if (size !== undefined) multiplier = Math.max(size, 0);
  else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) multiplier = ASSUMED_LIST_SIZE;
  return (1 + childComplexity) * multiplier;
};

export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>, operationName?: string | null): number {
  return getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators: [listCost] });
}

/**
 * The variables a document's cost can depend on: those inside a size argument (first, n, limit) or a
 * directive (@skip, @include). An id or an input object changes nothing of the cost.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const sizes = new Set(SIZE_ARGUMENTS);
  let inside = 0;
  visit(document, {
    Directive: { enter: () => void inside++, leave: () => void inside-- },
    Argument: {
      enter: (a) => void (sizes.has(a.name.value) && inside++),
      leave: (a) => void (sizes.has(a.name.value) && inside--),
    },
    Variable: (v) => void (inside > 0 && names.add(v.name.value)),
  });
  return [...names];
}

/** Costs remembered per document; past this many variants of one document, its variants start over. */
const COSTS_PER_DOCUMENT = 64;

/**
 * queryCost, remembered: a document's cost is computed once for each operation name and each set of
 * values of its costVariables. Walking the document cost about a sixth of the API CPU of a
 * similarProducts request (bench/README.md, profile). Keyed by the document object, which Apollo takes
 * from its document store for a query it has seen; a WeakMap, so what Apollo drops goes from here too.
 */
export class QueryCosts {
  private readonly documents = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** Throws what queryCost throws (a variable of the wrong type); such a result is not remembered. */
  cost(document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null | undefined): number {
    let entry = this.documents.get(document);
    if (!entry) {
      entry = { variables: costVariables(document), costs: new Map() };
      this.documents.set(document, entry);
    }
    // [] for a variable not sent (its default applies), [value] for one sent, null included
    const values = entry.variables.map((name) => (variables && Object.hasOwn(variables, name) ? [variables[name]] : []));
    const key = JSON.stringify([operationName ?? null, values]);
    let cost = entry.costs.get(key);
    if (cost === undefined) {
      cost = queryCost(this.schema, document, variables, operationName);
      if (entry.costs.size >= COSTS_PER_DOCUMENT) entry.costs.clear();
      entry.costs.set(key, cost);
    }
    return cost;
  }
}

/** The cost error, or undefined when the operation is within `max`. */
export function costError(max: number, cost: number): GraphQLError | undefined {
  if (cost <= max) return undefined;
  return limitError('cost', `Query cost limit of ${max} exceeded, found ${cost} (each field costs 1, times its list size: first, n or limit).`, max, cost);
}
