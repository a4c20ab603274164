import { hash } from 'node:crypto';
import type { GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Kind, OperationTypeNode, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { openToEveryone } from '../../features/auth';

/**
 * Root query fields whose answer depends only on the catalogue and the served model. A response is
 * shared (`public`) only when every root field is one of these AND the rule table lets every role,
 * anonymous callers included, make it: then the answer is the same whoever asks, so a CDN may give
 * one caller's answer to another (and may store it although the request carried Authorization, which
 * `public` permits). Tighten a field's rule and its answers turn private by themselves.
 */
const CATALOGUE_FIELDS = ['product', 'products', 'categories', 'similarProducts', 'popularProducts'];
const SHARED = new Set(['__typename', ...CATALOGUE_FIELDS.filter((f) => openToEveryone(`Query.${f}`))]);

const PRIVATE = 'private, no-store';
const MODEL_VERSION = 'x-model-version';

const isFragment =
  (name: string) =>
  (d: DefinitionNode): d is FragmentDefinitionNode =>
    d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name;

/** The root field names an operation selects, through fragments too; null when a fragment is missing. */
function rootFields(set: SelectionSetNode, document: DocumentNode, into: Set<string>): Set<string> | null {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) into.add(s.name.value);
    else {
      const inner = s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : document.definitions.find(isFragment(s.name.value))?.selectionSet;
      if (!inner || !rootFields(inner, document, into)) return null;
    }
  }
  return into;
}

/** Per parsed operation (Apollo reuses the parsed document of a query it has seen): selects shared fields only. */
const sharedOperations = new WeakMap<OperationDefinitionNode, boolean>();

function selectsSharedFieldsOnly(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  let known = sharedOperations.get(operation);
  if (known === undefined) {
    const fields = rootFields(operation.selectionSet, document, new Set());
    known = fields !== null && [...fields].every((f) => SHARED.has(f));
    sharedOperations.set(operation, known);
  }
  return known;
}

function shared<C extends object>({ operation, document, response }: GraphQLRequestContextWillSendResponse<C>): boolean {
  if (operation?.operation !== OperationTypeNode.QUERY || !document || response.body.kind !== 'single') return false;
  if (response.body.singleResult.errors?.length || (response.http.status ?? 200) !== 200) return false;
  return selectsSharedFieldsOnly(operation, document);
}

/**
 * Cache-Control of every GraphQL response, decided once as it is sent (no per-field hints, so Apollo's
 * cache-control plugin stays off): `public, max-age` and the served model version (X-Model-Version)
 * for shared answers; `private, no-store` for everything else (personalised or admin fields,
 * mutations, subscriptions, any error).
 */
export function cacheHeaders<C extends object>(maxAgeSeconds: number, modelVersion: () => number | undefined): GraphQLRequestListener<C> {
  return {
    willSendResponse: (ctx) => {
      const { headers } = ctx.response.http;
      if (shared(ctx)) {
        headers.set('cache-control', `public, max-age=${maxAgeSeconds}`);
        headers.set(MODEL_VERSION, String(modelVersion() ?? 'none'));
      } else headers.set('cache-control', PRIVATE);
      return Promise.resolve();
    },
  };
}

/** Whether an If-None-Match value names this entity tag (weak comparison, RFC 9110 13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Fastify onSend of /graphql: a shared answer gets a weak ETag of the model version and the body as
 * sent (hashed here, where the body is already serialized), and a request that holds it a 304 without
 * a body. What Apollo answers before its plugins run (a CSRF refusal, a malformed request, the landing
 * page) gets `private, no-store` too.
 */
export function conditionalResponse(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  const cacheControl = reply.getHeader('cache-control');
  if (cacheControl === undefined) void reply.header('cache-control', PRIVATE);
  if (typeof cacheControl !== 'string' || !cacheControl.startsWith('public') || typeof payload !== 'string') return done(null, payload);
  const etag = `W/"${String(reply.getHeader(MODEL_VERSION))}-${hash('sha1', payload, 'base64url')}"`;
  void reply.header('etag', etag);
  if (!matches(request.headers['if-none-match'], etag)) return done(null, payload);
  void reply.code(304);
  done(null, '');
}
