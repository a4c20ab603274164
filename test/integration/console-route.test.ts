import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { consoleDir, consoleRoutes } from '../../src/app/console';

// /console as the API serves it: index.html for the console's pages (the browser routes them), hashed
// assets cached for good, a same-origin content security policy; and a plain answer when it is not built.

let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  app = Fastify();
  await app.register(consoleRoutes(dir));
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true });
});

it('answers index.html, not cached and with a same-origin CSP, for /console and each console page', async () => {
  for (const url of ['/console', '/console/', '/console/models', '/console/graphql']) {
    const res = await app.inject({ url });
    expect([url, res.statusCode, res.body]).toEqual([url, 200, '<!doctype html><title>console</title>']);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*connect-src 'self'/);
  }
});

it('serves hashed assets as immutable; an unknown asset is 404', async () => {
  const res = await app.inject({ url: '/console/assets/index-abc123.js' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toMatch(/immutable/);
  expect((await app.inject({ url: '/console/assets/nope.js' })).statusCode).toBe(404);
});

it('says how to build it when console/dist is missing', async () => {
  const bare = Fastify();
  await bare.register(consoleRoutes(join(dir, 'missing')));
  const res = await bare.inject({ url: '/console/jobs' });
  expect([res.statusCode, res.body]).toEqual([404, 'The console is not built: run npm run build\n']);
  await bare.close();
});

it('finds console/dist at the repository root from the sources and from the build', () => {
  const root = join(__dirname, '../..');
  expect(consoleDir(join(root, 'src/app'))).toBe(join(root, 'console/dist'));
  expect(consoleDir(join(root, 'dist/src/app'))).toBe(join(root, 'console/dist'));
});
