import type { Socket } from 'node:net';
import { print } from 'graphql';
import WebSocket from 'ws';
import { InteractionTrackedDocument, TrackInteractionsDocument, type InteractionTrackedSubscription } from '../generated/graphql';
import { Topic } from '../../src/platform/events/pubsub';
import { SLOW_SUBSCRIBER_CLOSE_CODE, TOO_MANY_CONNECTIONS_CLOSE_CODE } from '../../src/platform/limits';
import { authHeaders, collect, eventually, TestApp } from './harness';
import { seed } from './fixtures';

type Message = { type: string; id?: string; payload?: unknown };

/** A bare graphql-transport-ws client, to control the socket itself (pause it, send raw frames). */
class RawClient {
  readonly ws: WebSocket;
  readonly messages: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url, 'graphql-transport-ws');
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.ws.on('message', (d) => this.messages.push(JSON.parse((d as Buffer).toString()) as Message)); // text frames arrive as a Buffer
  }

  send(message: unknown) {
    this.ws.send(JSON.stringify(message));
  }

  async init() {
    await this.opened;
    this.send({ type: 'connection_init', payload: { authorization: authHeaders().authorization } });
    await this.waitFor((m) => m.type === 'connection_ack');
  }

  async waitFor(match: (m: RawClient['messages'][number]) => boolean, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message in ${JSON.stringify(this.messages.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The TCP socket under the WebSocket: paused, it reads nothing, as a client that hangs. */
  get tcp() {
    return (this.ws as unknown as { _socket: Socket })._socket;
  }
}

describe('WebSocket limits', () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seed>>;
  const raws: RawClient[] = [];
  const raw = () => {
    const c = new RawClient(t.app.wsUrl);
    raws.push(c);
    return c;
  };
  const subscribers = (n: number) =>
    eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.InteractionTracked) >= n), `${n} interactionTracked subscriber(s)`);
  beforeAll(async () => {
    t = await TestApp.start({
      WS_MAX_PAYLOAD_BYTES: '4096',
      WS_MAX_CONNECTIONS_PER_ADDRESS: '4',
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
      WS_CONNECTION_INIT_TIMEOUT_MS: '300',
      WS_SUBSCRIBER_QUEUE_MAX: '2000',
      // The paused client below answers no ping: on a loaded host its fill loop outlasts two pings and
      // the keep-alive, not the queue limit, would cut it off (1006).
      WS_KEEPALIVE_MS: '120000',
    });
    ids = await seed(t);
  });
  afterEach(() => {
    for (const c of raws.splice(0)) c.ws.terminate();
  });
  afterAll(() => t?.close());

  it('a message over WS_MAX_PAYLOAD_BYTES closes the socket (1009); one under it is served', async () => {
    const small = raw();
    await small.init();
    small.send({ id: '1', type: 'subscribe', payload: { query: '{ categories { name } }' } });
    await small.waitFor((m) => m.type === 'next');
    const big = raw();
    await big.init();
    big.send({ id: '1', type: 'subscribe', payload: { query: `{ categories { name } } # ${'x'.repeat(5000)}` } });
    expect((await big.closed).code).toBe(1009);
  });

  it('a socket that sends no connection_init within WS_CONNECTION_INIT_TIMEOUT_MS is closed (4408)', async () => {
    const silent = raw();
    await silent.opened;
    const started = Date.now();
    expect((await silent.closed).code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('connections beyond WS_MAX_CONNECTIONS_PER_ADDRESS are closed (4029); closing one frees a place', async () => {
    const four = [raw(), raw(), raw(), raw()];
    await Promise.all(four.map((c) => c.init()));
    const fifth = raw();
    const closed = await fifth.closed;
    expect(closed.code).toBe(TOO_MANY_CONNECTIONS_CLOSE_CODE);
    expect(closed.reason).toMatch(/too many connections/);
    four[0].ws.close();
    await four[0].closed;
    await new Promise((r) => setTimeout(r, 50));
    await raw().init();
  });

  it('operations beyond WS_MAX_SUBSCRIPTIONS_PER_CONNECTION are refused; the connection and its others go on', async () => {
    const c = raw();
    await c.init();
    const sub = (id: string) => c.send({ id, type: 'subscribe', payload: { query: 'subscription { interactionTracked { id } }' } });
    sub('a');
    sub('b');
    await subscribers(2);
    sub('c');
    const refused = await c.waitFor((m) => m.type === 'error' && m.id === 'c');
    expect(JSON.stringify(refused.payload)).toMatch(/at most 2 operations/);
    expect(t.app.events.subscriberCount(Topic.InteractionTracked)).toBe(2);
    c.send({ id: 'a', type: 'complete' });
    c.send({ id: 'b', type: 'complete' });
  });

  it('a subscriber that stops reading is closed (4013) once its queue is full; the process and other subscribers go on', async () => {
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.InteractionTracked) === 0), 'the earlier subscriptions to end');
    const fast = collect<InteractionTrackedSubscription>(t.wsClient(), print(InteractionTrackedDocument), {});
    const slow = raw();
    await slow.init();
    slow.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { interactionTracked { id userId productId type createdAt } }' } });
    await subscribers(2);
    slow.tcp.pause();

    const batch = Array.from({ length: 1000 }, () => ({ userId: ids.users.alice, productId: ids.products.shoe, type: 'VIEW' as const }));
    let sent = 0;
    // the crash came after ~29 batches; the slow one is dropped once the kernel buffers and its 2,000-event queue are full
    while (t.app.events.subscriberCount(Topic.InteractionTracked) === 2 && sent < 120_000) {
      const r = await t.ok(TrackInteractionsDocument, { inputs: batch });
      expect(r.trackInteractions.accepted).toBe(1000);
      sent += 1000;
    }
    expect(t.app.events.subscriberCount(Topic.InteractionTracked)).toBe(1);
    slow.tcp.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(SLOW_SUBSCRIBER_CLOSE_CODE);
    expect(closed.reason).toMatch(/subscriber too slow/);

    // the other subscriber got every event, and still gets new ones
    await fast.waitFor(sent, 20_000);
    await t.ok(TrackInteractionsDocument, { inputs: batch.slice(0, 1) });
    await fast.waitFor(sent + 1);
    expect(fast.errors).toHaveLength(0);
    fast.dispose();
  }, 60_000);
});
