import { spawn, type ChildProcess } from 'node:child_process';
import { print } from 'graphql';
import {
  CreateUserDocument,
  InteractionTrackedDocument,
  TrackInteractionDocument,
  UpsertProductsDocument,
  type InteractionTrackedSubscription,
} from '../generated/graphql';
import { Topic } from '../../src/platform/events/pubsub';
import { collect, eventually, TestApp } from './harness';
import { freePort } from '../support/free-port';

/** A redis-server of this test's own (never the shared one), so it can be stopped and started. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (d) => String(d).includes('Ready to accept connections') && resolve(child));
  });
}

function stopRedis(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('with REDIS_URL, a Redis outage', () => {
  let redis: ChildProcess;
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    // the admin budget makes every request go through the Redis rate limiter too
    t = await TestApp.start({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_ADMIN: '100000' });
  });
  afterAll(async () => {
    await t?.close();
    if (redis) await stopRedis(redis);
  });

  const readyz = async () => {
    const res = await fetch(t.app.url.replace(/\/graphql$/, '/readyz'));
    return { status: res.status, body: (await res.json()) as { dependencies: Record<string, string> } };
  };

  it('does not fail writes or crash the process, falls back to local fan-out, shows on /readyz, and recovers', async () => {
    const productId = (await t.ok(UpsertProductsDocument, { inputs: [{ sku: 'OUT-1', name: 'Outage Shirt', category: 'Shirts', price: 10 }] })).upsertProducts[0].id;
    const userId = (await t.ok(CreateUserDocument, { input: { email: 'outage@example.com' } })).createUser.id;
    await eventually(async () => (await readyz()).body.dependencies.redis === 'up', 'redis up');

    const sub = collect<InteractionTrackedSubscription>(t.wsClient(), print(InteractionTrackedDocument), { productId });
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.InteractionTracked) >= 1), 'the subscription to attach');

    await stopRedis(redis);
    await eventually(async () => (await readyz()).body.dependencies.redis === 'degraded', 'redis degraded');
    const down = await readyz();
    expect(down.status).toBe(200);
    expect(down.body.dependencies).toMatchObject({ postgres: 'up', redis: 'degraded' });

    for (let i = 0; i < 20; i++) {
      const r = await t.gql(TrackInteractionDocument, { input: { userId, productId, type: 'VIEW', eventId: `outage-${i}` } });
      expect(r.errors).toBeUndefined();
    }
    expect(await t.count('interaction')).toBe(20);
    // this process's own subscriber still hears every event
    await sub.waitFor(20);

    redis = await startRedis(port);
    await eventually(async () => (await readyz()).body.dependencies.redis === 'up', 'redis back up');
    // through Redis again: the event goes out and comes back on the (re-subscribed) channel
    let n = 0;
    await eventually(async () => {
      await t.ok(TrackInteractionDocument, { input: { userId, productId, type: 'VIEW', eventId: `back-${n++}` } });
      await new Promise((r) => setTimeout(r, 100));
      return sub.events.length > 20;
    }, 'fan-out through Redis after recovery');
    expect(new Set(sub.events.map((e) => e.interactionTracked.id)).size).toBe(sub.events.length);
    sub.dispose();
  }, 40_000);
});
