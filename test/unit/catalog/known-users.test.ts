import { KnownUsers } from '../../../src/features/catalog/known-users';

describe('KnownUsers', () => {
  it('remembers ids added, up to max (least recently used go first)', () => {
    const known = new KnownUsers(2);
    expect(known.has('1')).toBe(false);
    known.add('1');
    known.add('2');
    known.has('1');
    known.add('3');
    expect([known.has('1'), known.has('2'), known.has('3')]).toEqual([true, false, true]);
  });
});
