import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);

/**
 * True for errors that mean PostgreSQL cannot be reached: network errors, a pool timeout, a dropped
 * connection, SQLSTATE classes 08 (connection exception), 53 (insufficient resources) and 57P
 * (operator intervention), and any FATAL error (the server refused or ended the session).
 */
function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: string; name?: string; message?: string; severity?: string } | undefined;
  if (!err) return false;
  if (err.code && (NETWORK_CODES.has(err.code) || /^(08|53|57P)/.test(err.code))) return true;
  if (err.severity === 'FATAL') return true;
  return err.name === 'KnexTimeoutError' || /Connection terminated|Timeout acquiring a connection/.test(err.message ?? '');
}

/**
 * A dependency that is down answers SERVICE_UNAVAILABLE instead of INTERNAL_SERVER_ERROR; unexpected
 * internal errors keep their code but hide their message (and stack) in production.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isDatabaseUnavailable(original)) {
      return { ...formatted, message: 'PostgreSQL is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', dependency: 'postgres' } };
    }
    if (production && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}
