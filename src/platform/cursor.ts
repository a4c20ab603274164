import { badInput } from './errors';
import { INT64_MAX } from './ids';

// Cursors are opaque to clients: non-negative integers in base 36, dot-separated. Short on purpose:
// a trainingData page carries one per edge (base64 of decimal fields made them a third of the bytes).

const PART = /^[0-9a-z]{1,13}$/;

export function encodeCursor(parts: Array<string | number>): string {
  return parts.map(encodePart).join('.');
}

/** One non-negative integer (a decimal string or a number) in base 36. */
export function encodePart(value: string | number): string {
  const s = String(value);
  // Below 2^53 a Number is exact and much cheaper than a BigInt.
  return s.length <= 15 ? Number(s).toString(36) : BigInt(s).toString(36);
}

/** Decodes a cursor of exactly `count` non-negative integers (as decimal strings); anything else is a BAD_USER_INPUT on `field`. */
export function decodeCursor(cursor: string, count: number, field: string): string[] {
  const parts = cursor.split('.');
  if (parts.length !== count || !parts.every((p) => PART.test(p))) throw badInput(field, 'is not a cursor returned by this API');
  return parts.map((p) => {
    const value = [...p].reduce((acc, digit) => acc * 36n + BigInt(parseInt(digit, 36)), 0n);
    if (value > INT64_MAX) throw badInput(field, 'is not a cursor returned by this API');
    return value.toString();
  });
}
