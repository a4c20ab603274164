// Peer: raw node:http, no GraphQL and no framework: reads the body and answers the operation's answer,
// serialized once. The ceiling of HTTP on this machine.
import http from 'node:http';
import { constantAnswers } from './lib/constant';
import { announce, onSignal, peerPort, runPeer } from './lib/peer';

runPeer(async () => {
  const answers = await constantAnswers();
  const typename = Buffer.from(JSON.stringify(answers.typename));
  const similar = Buffer.from(JSON.stringify(answers.similar));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const payload = Buffer.concat(chunks).includes('similar') ? similar : typename;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(peerPort(), '127.0.0.1', resolve);
  });
  announce('raw-http', (server.address() as { port: number }).port);
  onSignal(() => new Promise((resolve) => server.close(resolve)));
});
