import type { FastifyPluginAsync } from 'fastify';
import type { Orm } from '../platform/db/orm';
import type { EventBus } from '../platform/events/pubsub';
import type { MongoConnection } from '../features/model-lifecycle';

async function postgresStatus(orm: Orm): Promise<'up' | 'down'> {
  try {
    await orm.em.getConnection().execute('select 1');
    return 'up';
  } catch {
    return 'down';
  }
}

/**
 * GET /healthz: the process is alive. GET /readyz: per-dependency status; ready (200) while PostgreSQL
 * answers, since the API serves without MongoDB (only scheduling and retrainModel need it) and without
 * Redis (redis: "degraded" then, and interactionTracked reaches this process's subscribers only).
 */
export function healthRoutes(orm: Orm, mongo: MongoConnection, events: EventBus): FastifyPluginAsync {
  return (app) => {
    app.get('/healthz', () => ({ status: 'ok' }));
    app.get('/readyz', async (_request, reply) => {
      const [postgres, mongodb] = await Promise.all([postgresStatus(orm), mongo.status()]);
      const ready = postgres === 'up';
      const fanOut = events.fanOutStatus();
      const dependencies = { postgres, mongodb, ...(fanOut !== 'local' && { redis: fanOut }) };
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', dependencies });
    });
    return Promise.resolve();
  };
}
