import { badInput } from '../errors';

// Cursors are opaque to clients: base64url of a few dot-separated decimal fields.
export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(parts.join('.')).toString('base64url');
}

/** Decodes a cursor of exactly `count` non-negative integer fields; anything else is a BAD_USER_INPUT on `field`. */
export function decodeCursor(cursor: string, count: number, field: string): string[] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  if (parts.length !== count || !parts.every((p) => /^[0-9]{1,19}$/.test(p))) {
    throw badInput(field, 'is not a cursor returned by this API');
  }
  return parts;
}
