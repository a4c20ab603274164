import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { webSocketOriginAllowed, type Auth, type Principal } from '../../features/auth';
import type { Limits } from '../../platform/limits';
import type { Logger } from '../../platform/logger';
import type { Context } from '../context';
import { formatWsErrors } from '../graphql-errors';

export interface GraphqlWsOptions {
  schema: GraphQLSchema;
  auth: Auth;
  limits: Limits<Context>;
  corsOrigins: readonly string[];
  maxPayloadBytes: number;
  keepAliveMs: number;
  development: boolean;
  log: Logger;
  /** A fresh per-operation context for a verified principal. */
  contextFor(principal: Principal): Context;
}

/**
 * graphql-ws at /graphql on the HTTP server's port. The upgrade is handed over by hand (`noServer`):
 * a `ws` server given the http.Server re-emits the server's errors, so a listen error such as
 * EADDRINUSE reached graphql-ws's "Internal error emitted on the WebSocket server" instead of the caller.
 * Returns the function that closes every socket (1001) and the server.
 */
export function mountGraphqlWs(httpServer: Server, o: GraphqlWsOptions): () => Promise<void> {
  const { auth, limits, log } = o;
  const wsServer = new WebSocketServer({
    noServer: true,
    path: '/graphql', // checked by handleUpgrade: another path gets 400, as with `server`
    maxPayload: o.maxPayloadBytes,
    verifyClient: ({ req }, done) => done(webSocketOriginAllowed(req, o.corsOrigins), 403, 'Origin not allowed'),
  });
  httpServer.on('upgrade', (req, socket, head) => wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req)));

  // The connection_init payload's `authorization` names the principal of every operation on that socket;
  // it is verified again for each operation and, for every open socket, whenever a key may have been
  // revoked: a revoked key closes its sockets (4401), subscriptions included.
  const principals = new WeakMap<object, Principal>();
  const openSockets = new Map<WebSocket, unknown>();
  const refuse = (socket: WebSocket, e: unknown): void => {
    const reason = e instanceof GraphQLError && e.extensions.code === 'UNAUTHENTICATED' ? `Unauthorized: ${e.message}` : null;
    if (!reason) log.error({ err: e }, 'WebSocket authentication failed with an internal error');
    socket.close(reason ? 4401 : 1011, (reason ?? 'Authentication unavailable').slice(0, 120));
  };
  auth.onRevocation(() => {
    for (const [socket, authorization] of openSockets) {
      auth.authenticate(authorization).catch((e: unknown) => refuse(socket, e));
    }
  });
  limits.limitConnections(wsServer);
  const graphqlWs = useServer<Record<string, unknown>, Context>(
    {
      schema: o.schema,
      ...limits.wsOptions(),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          principals.set(ctx, await auth.authenticate(authorization));
        } catch (e) {
          refuse(ctx.extra.socket, e);
          return false;
        }
        const socket = ctx.extra.socket;
        openSockets.set(socket, authorization);
        socket.once('close', () => openSockets.delete(socket));
        return true;
      },
      context: async (ctx) => {
        if (!principals.has(ctx)) throw new Error('operation before connection_init was accepted');
        let principal: Principal;
        try {
          principal = await auth.authenticate(ctx.connectionParams?.authorization);
        } catch (e) {
          refuse(ctx.extra.socket, e);
          throw e;
        }
        return limits.withAddress(o.contextFor(principal), ctx.extra.request);
      },
      onNext: (_ctx, _id, _payload, args, result) =>
        result.errors?.length
          ? { ...result, errors: formatWsErrors(result.errors, (args.contextValue as Context).requestId, log, o.development) }
          : undefined,
      onError: (_ctx, _id, _payload, errors) => formatWsErrors(errors, randomUUID(), log, o.development),
    },
    wsServer,
    o.keepAliveMs,
  );
  return async () => {
    await graphqlWs.dispose();
  };
}
