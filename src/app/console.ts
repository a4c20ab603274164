import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** Hashed asset names change with their content, so browsers may keep them for good. */
const ASSET_MAX_AGE = '365d';

/**
 * Everything from the service itself: the console's scripts and styles, its API calls and WebSocket
 * (connect-src 'self'). Inline styles: uPlot and GraphiQL set element styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** console/dist of this checkout or image: the nearest folder above this file with a package.json. */
export function consoleDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'console', 'dist');
}

/**
 * The operator console at /console (built by `npm run build` into console/dist): its assets under
 * /console/assets/, and index.html for /console and each of its pages (the console routes in the browser).
 */
export function consoleRoutes(root = consoleDir()): FastifyPluginAsync {
  return async (app) => {
    if (!existsSync(join(root, 'index.html'))) {
      app.get('/console*', (_request, reply) => reply.code(404).type('text/plain').send('The console is not built: run npm run build\n'));
      return;
    }
    await app.register(fastifyStatic, { root: join(root, 'assets'), prefix: '/console/assets/', immutable: true, maxAge: ASSET_MAX_AGE });
    const page = (_request: unknown, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').header('content-security-policy', CONTENT_SECURITY_POLICY).sendFile('index.html', root, { cacheControl: false });
    app.get('/console', page);
    app.get('/console/', page);
    app.get('/console/:page', page);
  };
}
