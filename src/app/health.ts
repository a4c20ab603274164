import type { Request, Response, Router } from 'express';
import express from 'express';
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
export function healthRoutes(orm: Orm, mongo: MongoConnection, events: EventBus): Router {
  const router = express.Router();
  router.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req: Request, res: Response) => {
    const [postgres, mongodb] = await Promise.all([postgresStatus(orm), mongo.status()]);
    const ready = postgres === 'up';
    const fanOut = events.fanOutStatus();
    const dependencies = { postgres, mongodb, ...(fanOut !== 'local' && { redis: fanOut }) };
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', dependencies });
  });
  return router;
}
