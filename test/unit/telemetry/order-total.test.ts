import { orderTotal } from '../../../src/features/telemetry/orders';

describe('orderTotal: exact in whole cents, as numeric(14,2)', () => {
  it('sums quantity × unit price without binary rounding', () => {
    // 0.1 + 0.2 in doubles is 0.30000000000000004
    expect(orderTotal([{ quantity: 1, unitPrice: '0.10' }, { quantity: 1, unitPrice: '0.20' }])).toBe('0.30');
    expect(orderTotal([{ quantity: 3, unitPrice: '19.99' }, { quantity: 1000, unitPrice: '9999999999.99' }])).toBe('10000000000049.97');
  });

  it('is 0.00 for free items and formats small sums with a leading zero', () => {
    expect(orderTotal([{ quantity: 5, unitPrice: '0.00' }])).toBe('0.00');
    expect(orderTotal([{ quantity: 1, unitPrice: '0.05' }])).toBe('0.05');
  });

  it('refuses a price not in numeric(12,2) form rather than guessing', () => {
    expect(() => orderTotal([{ quantity: 1, unitPrice: '1.5' }])).toThrow(/unexpected price format/);
  });
});
