import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage, type AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated, type Principal } from './principal';
import { denial, RULES } from './rules';

/** type-graphql's check for every `@Authorized()` field: the rule table decides (src/features/auth/rules.ts). */
export const authChecker: AuthChecker<{ auth: Principal }> = ({ context, args, root, info }) => {
  const error = denial(`${info.parentType.name}.${info.fieldName}`, context.auth, args, root);
  if (error) throw error;
  return true;
};

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** Root fields that lack a rule or an `@Authorized()` decorator (a test keeps this list empty). */
export function uncoveredOperations(schema: GraphQLSchema): string[] {
  const m = getMetadataStorage();
  const decorated = new Set(
    ROOT_TYPES.flatMap((type) => {
      const defs = type === 'Query' ? m.queries : type === 'Mutation' ? m.mutations : m.subscriptions;
      return defs.filter((d) => d.roles !== undefined).map((d) => `${type}.${d.schemaName}`);
    }),
  );
  return ROOT_TYPES.flatMap((type) => {
    const root = schema.getType(type);
    if (!(root instanceof GraphQLObjectType)) return [];
    return Object.keys(root.getFields()).map((f) => `${type}.${f}`).filter((name) => !RULES[name] || !decorated.has(name));
  });
}

/** Deny by default: an operation nobody wrote a rule for (or forgot to decorate) answers FORBIDDEN. */
export function denyUncovered(schema: GraphQLSchema): GraphQLSchema {
  for (const name of uncoveredOperations(schema)) {
    const [type, field] = name.split('.');
    const def = (schema.getType(type) as GraphQLObjectType).getFields()[field];
    const deny = (_root: unknown, _args: unknown, context: { auth: Principal }) => {
      throw context.auth.role === 'anonymous' ? unauthenticated() : forbidden(`${name} has no access rule`);
    };
    def.resolve = deny;
    if (type === 'Subscription') def.subscribe = deny;
  }
  return schema;
}
