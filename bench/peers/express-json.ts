// Peer: Express 5 alone, no GraphQL: parses the JSON body (express.json, as Apollo on Express needs) and
// answers res.json of a constant, the one the operation would give. The ceiling of any Express stack.
import http from 'node:http';
import express from 'express';
import { constantAnswers } from './lib/constant';
import { announce, onSignal, peerPort, runPeer } from './lib/peer';

runPeer(async () => {
  const answers = await constantAnswers();
  const app = express();
  app.post('/graphql', express.json({ limit: '1mb' }), (req, res) => {
    const { query } = req.body as { query?: unknown };
    res.json(typeof query === 'string' && query.includes('similar') ? answers.similar : answers.typename);
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(peerPort(), '127.0.0.1', resolve);
  });
  announce('express-json', (server.address() as { port: number }).port);
  onSignal(() => new Promise((resolve) => server.close(resolve)));
});
