import { decodeCursor, encodeCursor } from '../../../src/platform/cursor';
import { isDbId } from '../../../src/platform/ids';
import { decodeInteractionCursor, interactionCursors } from '../../../src/features/training/training-data.reader';
import { InteractionColumns, interactionRecords } from '../../../src/features/model-lifecycle/trainer/dataset';
import { InteractionType } from '../../../src/features/telemetry/entities';
import { FUTURE_SKEW_MS, validateInteraction } from '../../../src/features/telemetry/validate-interaction';
import type { Interaction } from '../../../src/features/telemetry/types';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('ids and cursors', () => {
  it('accepts only positive int64 decimals as database ids', () => {
    expect(['1', '42', '9223372036854775807'].map(isDbId)).toEqual([true, true, true]);
    expect(['0', '-1', '01', '1.5', 'abc', '', '9223372036854775808', '1e3'].map(isDbId)).toEqual(Array(8).fill(false));
  });

  it('round-trips cursors and rejects anything else with BAD_USER_INPUT on the field', () => {
    expect(decodeCursor(encodeCursor(['7', 123]), 2, 'after')).toEqual(['7', '123']);
    expect(encodeCursor(['35', 36, '1295'])).toBe('z.10.zz'); // base 36
    expect(encodeCursor(['9223372036854775807'])).toBe('1y2p0ij32e8e7'); // the largest bigint id
    expect(decodeCursor('1y2p0ij32e8e7', 1, 'after')).toEqual(['9223372036854775807']);
    expect(() => decodeCursor('1y2p0ij32e8e8', 1, 'after')).toThrow(/after: is not a cursor/); // one more
    expect(() => decodeCursor('z', 2, 'after')).toThrow(/after: is not a cursor/);
    expect(() => decodeCursor('1.X', 2, 'after')).toThrow(/after/);
    expect(() => decodeCursor('1..2', 3, 'after')).toThrow(/after/);
  });

  it('carries a trainingData snapshot in every interaction cursor', () => {
    const generatedAt = new Date(NOW);
    const snapshot = { maxId: '1000000', days: 30, generatedAt, since: new Date(NOW - 30 * 86_400_000) };
    const cursor = interactionCursors(snapshot)('123456');
    expect(cursor).toBe(`lfls.${NOW.toString(36)}.u.2n9c`);
    expect(decodeInteractionCursor(cursor, 'after')).toEqual({ snapshot, afterId: '123456' });
  });
});

describe('validateInteraction', () => {
  const base = { userId: '1', productId: '2', type: InteractionType.VIEW };

  it('fills the defaults and keeps a past occurredAt', () => {
    expect(validateInteraction(base, 'input', NOW)).toEqual({
      event_id: null, user_id: '1', anonymous_id: null, product_id: '2', type: 'VIEW', rating: null, session_id: null,
      time_spent_seconds: 0, created_at: '2026-11-28T12:00:00.000Z',
    });
    const past = new Date(NOW - 3_600_000);
    expect(validateInteraction({ ...base, occurredAt: past }, 'input', NOW).created_at).toBe(past.toISOString());
  });

  it('tolerates a minute of clock skew, not more', () => {
    expect(() => validateInteraction({ ...base, occurredAt: new Date(NOW + FUTURE_SKEW_MS) }, 'input', NOW)).not.toThrow();
    expect(() => validateInteraction({ ...base, occurredAt: new Date(NOW + FUTURE_SKEW_MS + 1) }, 'inputs[4]', NOW)).toThrow(
      'inputs[4].occurredAt: must not be in the future',
    );
  });

  it.each([
    [{ type: InteractionType.RATE }, 'input.rating'],
    [{ type: InteractionType.RATE, rating: 5.5 }, 'input.rating'],
    [{ rating: 4 }, 'input.rating'],
    [{ timeSpentSeconds: 86_401 }, 'input.timeSpentSeconds'],
    [{ eventId: 'e'.padEnd(201, '-') }, 'input.eventId'],
    [{ sessionId: '' }, 'input.sessionId'],
    [{ userId: 'u-1' }, 'input.userId'],
  ])('rejects %j naming %s', (patch, field) => {
    expect(() => validateInteraction({ ...base, ...patch }, 'input', NOW)).toThrow(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}:`));
  });
});

describe('InteractionColumns', () => {
  it('stores pages as columns and streams the same records back, skipping unknown products', () => {
    const products = [{ id: '10' }, { id: '20' }] as never[];
    const cols = new InteractionColumns(new Map([['10', 0], ['20', 1]]));
    const row = (userId: string, productId: string, type: InteractionType, rating: number | null, t: number): Interaction =>
      ({ id: '1', eventId: null, userId, anonymousId: null, productId, type, rating, sessionId: null, timeSpentSeconds: 0, createdAt: new Date(t) });
    cols.add([row('u1', '10', InteractionType.VIEW, null, 1000), row('u2', '99', InteractionType.VIEW, null, 2000)]);
    cols.add([row('u1', '20', InteractionType.RATE, 4, 3000)]);
    const built = cols.build();
    expect(built.users).toEqual(['u1']);
    expect([...interactionRecords(built, products)]).toEqual([
      { userId: 'u1', productId: '10', type: 'VIEW', rating: null, occurredAt: 1000 },
      { userId: 'u1', productId: '20', type: 'RATE', rating: 4, occurredAt: 3000 },
    ]);
  });
});
