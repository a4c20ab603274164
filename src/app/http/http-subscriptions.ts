import type { BaseContext, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';

/**
 * Subscriptions stream over graphql-ws on the same path. Sent over HTTP, one would run once as a query
 * and answer a confusing null-payload error; refuse it before anything runs, and say where it belongs.
 */
export function refuseSubscriptionsOverHttp<C extends BaseContext>(): GraphQLRequestListener<C> {
  const refused = () =>
    new GraphQLError('Subscriptions are served over WebSocket (the graphql-ws protocol) on this path, not over HTTP', {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  return {
    didResolveOperation({ operation }) {
      return operation?.operation === OperationTypeNode.SUBSCRIPTION ? Promise.reject(refused()) : Promise.resolve();
    },
  };
}
