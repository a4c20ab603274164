// Peer: bare Apollo Server 5 on Fastify 5 (@as-integrations/fastify), default options, in-memory schema.
// With --jit, queries run on graphql-jit through the service's own request listener (src/app/jit-execution.ts).
import { ApolloServer } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify from 'fastify';
import { jitExecution } from '../../src/app/jit-execution';
import { requestListenersPlugin } from '../../src/app/request-listeners';
import { announce, onSignal, peerPort, runPeer } from './lib/peer';
import { makeSchema } from './lib/schema';

runPeer(async () => {
  const jit = process.argv.includes('--jit');
  const fastify = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const schema = makeSchema();
  const plugins = [fastifyApolloDrainPlugin(fastify), ...(jit ? [requestListenersPlugin([jitExecution({ minUses: 0 })])] : [])];
  const apollo = new ApolloServer({ schema, plugins });
  await apollo.start();
  fastify.route({ url: '/graphql', method: ['GET', 'POST', 'OPTIONS'], handler: fastifyApolloHandler(apollo) });
  await fastify.listen({ port: peerPort(), host: '127.0.0.1' });
  announce(jit ? 'apollo-fastify-jit' : 'apollo-fastify', (fastify.server.address() as { port: number }).port);
  onSignal(() => apollo.stop()); // the drain plugin closes Fastify
});
