import { loadConfig } from '../../../src/platform/config';
import { newOwnerId } from '../../../src/features/model-lifecycle/store/retrain-jobs';
import { trainingUserId } from '../../../src/features/model-lifecycle/trainer/dataset';
import { idempotencyKey, requestFingerprint } from '../../../src/features/telemetry/idempotency';
import { eventScope, validateInteraction } from '../../../src/features/telemetry/validate-interaction';
import { InteractionType } from '../../../src/features/telemetry/entities';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const base = { productId: '2', type: InteractionType.VIEW };

describe('validateInteraction: a user or an anonymous session', () => {
  it('keeps an anonymous event without a user', () => {
    expect(validateInteraction({ ...base, anonymousId: 'sess-1' }, 'input', NOW)).toMatchObject({ user_id: null, anonymous_id: 'sess-1' });
  });

  it.each([
    [{ userId: '1', anonymousId: 's' }, /^inputs\[2\]\.anonymousId: give either/],
    [{}, /^inputs\[2\]\.userId: either userId or anonymousId is required/],
    [{ userId: null, anonymousId: null }, /^inputs\[2\]\.userId:/],
    [{ anonymousId: '' }, /^inputs\[2\]\.anonymousId: must be 1 to 200/],
    [{ anonymousId: 'a'.repeat(201) }, /^inputs\[2\]\.anonymousId:/],
  ])('rejects %j', (who, message) => {
    expect(() => validateInteraction({ ...base, ...who }, 'inputs[2]', NOW)).toThrow(message);
  });
});

describe('scopes', () => {
  it('an eventId belongs to its user, or to its session under a prefix no user id has', () => {
    expect(eventScope({ user_id: '42', anonymous_id: null })).toBe('42');
    expect(eventScope({ user_id: null, anonymous_id: '42' })).toBe('anon:42');
    // a merged event keeps its session's scope
    expect(eventScope({ user_id: '7', anonymous_id: '42' })).toBe('anon:42');
  });

  it('the training data names a session anon:<id>, a user (merged or not) by their id', () => {
    expect(trainingUserId({ userId: null, anonymousId: '5' })).toBe('anon:5');
    expect(trainingUserId({ userId: '5', anonymousId: null })).toBe('5');
    expect(trainingUserId({ userId: '5', anonymousId: 'was-a-session' })).toBe('5');
  });
});

describe('idempotency keys', () => {
  it('the fingerprint is stable for equal arguments and differs for other arguments or another operation', () => {
    const a = requestFingerprint('addToCart', { productId: '1', quantity: 2 });
    expect(requestFingerprint('addToCart', { productId: '1', quantity: 2 })).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint('addToCart', { productId: '1', quantity: 3 })).not.toBe(a);
    expect(requestFingerprint('placeOrder', { productId: '1', quantity: 2 })).not.toBe(a);
  });

  it('a key is optional and 1 to 200 characters', () => {
    expect(idempotencyKey(null)).toBeNull();
    expect(idempotencyKey(undefined)).toBeNull();
    expect(idempotencyKey('k')).toBe('k');
    expect(() => idempotencyKey('')).toThrow(/^idempotencyKey: must be 1 to 200/);
    expect(() => idempotencyKey('k'.repeat(201))).toThrow(/^idempotencyKey:/);
  });
});

describe('retrain recovery settings', () => {
  it('every process gets its own owner id, also with the same pid', () => {
    const a = newOwnerId();
    expect(a).toMatch(new RegExp(`:${process.pid}:[0-9a-f]{8}$`));
    expect(newOwnerId()).not.toBe(a);
  });

  it('MODEL_RETENTION (default 10) and RETRAIN_HEARTBEAT_MS (default 10 s) are validated', () => {
    expect(loadConfig({})).toMatchObject({ modelRetention: 10, retrainHeartbeatMs: 10_000 });
    expect(loadConfig({ MODEL_RETENTION: '3', RETRAIN_HEARTBEAT_MS: '500' })).toMatchObject({ modelRetention: 3, retrainHeartbeatMs: 500 });
    expect(() => loadConfig({ MODEL_RETENTION: '0' })).toThrow(/MODEL_RETENTION: must be an integer from 1/);
    expect(() => loadConfig({ RETRAIN_HEARTBEAT_MS: 'soon' })).toThrow(/RETRAIN_HEARTBEAT_MS/);
  });
});
