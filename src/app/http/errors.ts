import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../platform/logger';

/**
 * Errors Fastify raises before Apollo sees a request (a body over the limit, malformed JSON, an
 * unsupported content type) answer in GraphQL's shape, with Apollo's code for a malformed request;
 * anything else is logged and masked like an internal resolver error, with the id it is logged under.
 */
export function graphqlShapedErrors(log: Logger) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] });
    }
    const requestId = randomUUID();
    log.error({ requestId, err: error }, 'internal error');
    return reply.code(500).send({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
  };
}
