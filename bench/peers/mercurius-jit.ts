// Peer: mercurius on Fastify 5 with graphql-jit (compiles a query at its first execution: jit: 1).
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { announce, onSignal, peerPort, runPeer } from './lib/peer';
import { makeSchema } from './lib/schema';

runPeer(async () => {
  const fastify = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  await fastify.register(mercurius, { schema: makeSchema(), jit: 1, path: '/graphql', graphiql: false });
  await fastify.listen({ port: peerPort(), host: '127.0.0.1' });
  announce('mercurius-jit', (fastify.server.address() as { port: number }).port);
  onSignal(() => fastify.close());
});
