import type { GraphQLError } from 'graphql';
import { forbidden, ROLES, unauthenticated, type Principal, type Role } from './principal';

/**
 * 'any': allowed for any user or session; 'own': a shopper, only for their own user id (an omitted
 * user id is taken from the token); 'session': an anonymous caller, only for an anonymous session
 * (an anonymousId and no user id).
 */
export type Access = 'any' | 'own' | 'session';

/** Whom one call acts for: one entry per user/session it reads or writes for. */
type Actor = { userId?: string | null; anonymousId?: string | null };
/** A field's arguments, already validated against the schema, so a rule may take their GraphQL types. */
type Args = Record<string, unknown>;

export interface Rule {
  service?: 'any';
  shopper?: 'any' | 'own';
  anonymous?: 'any' | 'session';
  /** Who the call acts for; needed by 'own' and 'session'. */
  actors?: (args: Args, root: unknown) => Actor[];
}

// Admins may do everything; a role not named in a rule may not. An operation without a rule is denied.
const everyone: Rule = { service: 'any', shopper: 'any', anonymous: 'any' };
const adminOnly: Rule = {};
const service: Rule = { service: 'any' };
const ownUser = (actors: Rule['actors']): Rule => ({ service: 'any', shopper: 'own', actors });
const telemetry = (actors: Rule['actors']): Rule => ({ service: 'any', shopper: 'own', anonymous: 'session', actors });

const byInput = (a: Args) => [(a.input ?? {}) as Actor];
const byUserId = (a: Args) => [{ userId: a.userId as string | null | undefined }];
/** For a User field: the user it is read on. */
const byOwner = (_a: Args, user: unknown) => [{ userId: (user as { id: string }).id }];

/** Access to every Query, Mutation and Subscription field, and to the User fields only its owner may read. */
export const RULES: Readonly<Record<string, Rule>> = {
  'Query.product': everyone,
  'Query.products': everyone,
  'Query.categories': everyone,
  'Query.similarProducts': everyone,
  'Query.popularProducts': everyone,
  'Query.modelInfo': everyone,
  'Query.user': ownUser((a) => [{ userId: a.id as string }]),
  'Query.recommendationsForUser': ownUser(byUserId),
  // by email: looking someone up is the operators' and the storefront backend's, not a shopper's
  'Query.userByEmail': service,
  'Query.interactionRates': service,
  // whoever holds a session's id (the browser that made it, or the storefront backend)
  'Query.recommendationsForSession': everyone,
  'Query.trainingData': service,
  'Query.modelVersions': adminOnly,
  'Query.retrainJob': adminOnly,
  'Query.retrainJobs': adminOnly,
  'Query.retrainSchedule': adminOnly,
  'Query.apiKeys': adminOnly,

  'Mutation.upsertProducts': adminOnly,
  'Mutation.createUser': adminOnly,
  'Mutation.retrainModel': adminOnly,
  'Mutation.activateModelVersion': adminOnly,
  'Mutation.createApiKey': adminOnly,
  'Mutation.revokeApiKey': adminOnly,
  'Mutation.trackInteraction': telemetry(byInput),
  'Mutation.trackInteractions': telemetry((a) => (a.inputs ?? []) as Actor[]),
  'Mutation.addReview': ownUser(byInput),
  'Mutation.addToCart': ownUser(byUserId),
  'Mutation.placeOrder': ownUser(byUserId),
  'Mutation.mergeAnonymous': service,
  'Mutation.identify': { shopper: 'any' },

  'Subscription.interactionTracked': service,
  'Subscription.modelRetrained': everyone,
  'Subscription.retrainJobUpdated': adminOnly,

  'User.email': ownUser(byOwner),
  'User.cart': ownUser(byOwner),
  'User.orders': ownUser(byOwner),
  'User.interactions': ownUser(byOwner),
};

/** Whether every caller, even one without credentials, may make this call for anyone: its answer does not depend on who asks. */
export function openToEveryone(name: string): boolean {
  const rule = RULES[name];
  return rule !== undefined && ROLES.every((role) => accessOf(rule, role) === 'any');
}

export function accessOf(rule: Rule, role: Role): Access | undefined {
  return role === 'admin' ? 'any' : rule[role];
}

/** null when the principal may make this call; otherwise the error to answer (nothing has run yet). */
export function denial(name: string, principal: Principal, args: Args, root: unknown): GraphQLError | null {
  const rule = RULES[name];
  const access = rule && accessOf(rule, principal.role);
  if (access === 'any') return null;
  const actors = access ? rule.actors!(args, root) : [];
  if (access === 'own' && principal.role === 'shopper') {
    if (actors.every((a) => a.userId == null || a.userId === principal.userId)) return null;
    return forbidden(`${name}: a shopper token acts only for its own user`);
  }
  if (access === 'session' && actors.every((a) => a.userId == null && typeof a.anonymousId === 'string' && a.anonymousId !== '')) return null;
  if (principal.role === 'anonymous') {
    return unauthenticated(`${name} needs an API key or a shopper token${access === 'session' ? ' (or an anonymousId and no userId)' : ''}`);
  }
  return forbidden(`${name} is not allowed for the ${principal.role} role`);
}

/** The rule table as Markdown, for the README (`npm run print-rules`). */
export function rulesMarkdown(): string {
  const roles: Role[] = ['admin', 'service', 'shopper', 'anonymous'];
  const cell: Record<Access, string> = { any: 'yes', own: 'own only', session: 'anonymous session only' };
  const rows = Object.entries(RULES).map(([name, rule]) => `| \`${name}\` | ${roles.map((r) => { const a = accessOf(rule, r); return a ? cell[a] : 'no'; }).join(' | ')} |`);
  return [`| operation | ${roles.join(' | ')} |`, `|---|${roles.map(() => '---').join('|')}|`, ...rows].join('\n');
}
