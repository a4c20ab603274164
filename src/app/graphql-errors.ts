import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from '../platform/logger';
import type { GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);

/**
 * True for errors that mean PostgreSQL cannot be reached: network errors, a pool timeout, a dropped
 * connection, SQLSTATE classes 08 (connection exception), 53 (insufficient resources) and 57P
 * (operator intervention), 57014 (cancelled by DB_STATEMENT_TIMEOUT_MS), and any FATAL error (the server
 * refused or ended the session).
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: string; name?: string; message?: string; severity?: string } | undefined;
  if (!err) return false;
  if (err.code && (NETWORK_CODES.has(err.code) || /^(08|53|57P|57014)/.test(err.code))) return true;
  if (err.severity === 'FATAL') return true;
  return err.name === 'KnexTimeoutError' || /Connection terminated|Timeout acquiring a connection/.test(err.message ?? '');
}

const INTERNAL = 'INTERNAL_SERVER_ERROR';

/**
 * What a client sees of an error: a dependency that is down answers SERVICE_UNAVAILABLE; an unexpected
 * internal error keeps its code and path but says only "Internal server error" (no message, stack or
 * SQL) unless NODE_ENV=development. Used by Apollo (HTTP) and by graphql-ws (WebSocket) alike.
 */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const { locations, path } = formatted;
    if (isDatabaseUnavailable(original)) {
      return { message: 'PostgreSQL is unavailable', locations, path, extensions: { code: 'SERVICE_UNAVAILABLE', dependency: 'postgres' } };
    }
    if (development) return formatted;
    if (formatted.extensions?.code === INTERNAL) return { message: 'Internal server error', locations, path, extensions: { code: INTERNAL } };
    if (formatted.extensions?.stacktrace === undefined) return formatted;
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
    return { ...formatted, extensions };
  };
}

/** An error Apollo (or graphql-ws) would answer as INTERNAL_SERVER_ERROR: no code of ours, and not an outage. */
export function isInternal(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  return (code === undefined || code === INTERNAL) && !isDatabaseUnavailable(unwrapResolverError(error));
}

/** Logs every internal error with the request's id, for the id the client got in extensions.requestId. */
export function logInternalErrors(log: Logger, requestId: string, errors: readonly GraphQLError[], operationName?: string | null): void {
  for (const e of errors) {
    if (!isInternal(e)) continue;
    const original = unwrapResolverError(e) as Error;
    log.error({ requestId, operationName, path: e.path, err: original }, 'internal error');
  }
}

/** Adds the request id to the INTERNAL_SERVER_ERROR entries of an answer. */
export function withRequestId(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[] {
  return errors.map((e) => (e.extensions?.code === INTERNAL ? { ...e, extensions: { ...e.extensions, requestId } } : e));
}

/** graphql-ws has no formatError: its errors go through the same formatter here (code defaulted as Apollo does). */
export function formatWsErrors(errors: readonly GraphQLError[], requestId: string, log: Logger, development: boolean): GraphQLFormattedError[] {
  logInternalErrors(log, requestId, errors);
  const format = formatError(development);
  const formatted = errors.map((e) => {
    const json = e.toJSON();
    return format({ ...json, extensions: { ...json.extensions, code: json.extensions?.code ?? INTERNAL } }, e);
  });
  return withRequestId(formatted, requestId);
}

/** Apollo side: logs internal errors and puts the request id into the INTERNAL_SERVER_ERROR entries it answers. */
export function errorReporting(log: Logger): GraphQLRequestListener<{ requestId: string }> {
  // Apollo's hooks return promises; nothing here waits, so each hands back a settled one.
  return {
    didEncounterErrors({ contextValue, errors, operationName }) {
      logInternalErrors(log, contextValue.requestId, errors, operationName);
      return Promise.resolve();
    },
    willSendResponse({ response, contextValue }) {
      const body = response.body;
      if (body.kind === 'single' && body.singleResult.errors) {
        body.singleResult.errors = withRequestId(body.singleResult.errors, contextValue.requestId);
      }
      return Promise.resolve();
    },
  };
}
