// Peer: bare Apollo Server 5 on Express 5 (@as-integrations/express5), default options, in-memory schema.
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { announce, onSignal, peerPort, runPeer } from './lib/peer';
import { makeSchema } from './lib/schema';

runPeer(async () => {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer({ schema: makeSchema(), plugins: [ApolloServerPluginDrainHttpServer({ httpServer })] });
  await apollo.start();
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(peerPort(), '127.0.0.1', resolve);
  });
  announce('apollo-express', (httpServer.address() as { port: number }).port);
  onSignal(() => apollo.stop());
});
