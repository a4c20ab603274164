import { MAX_DAYS, MIN_DAYS } from './days';
import { badInput } from './errors';

// Small checks shared by the services; each throws BAD_USER_INPUT naming the field.

export function requireText(value: string, field: string, max: number): string {
  const v = value.trim();
  if (!v) throw badInput(field, 'must not be empty');
  if (v.length > max) throw badInput(field, `must be at most ${max} characters`);
  return v;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const v = value.trim();
  if (v.length > max) throw badInput(field, `must be at most ${max} characters`);
  return v || null;
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function batchSize(length: number, field: string, max: number, min = 1): void {
  if (length < min || length > max) throw badInput(field, `must contain ${min} to ${max} items (got ${length})`);
}

/** A window in days (MIN_DAYS to MAX_DAYS). */
export function windowDays(value: number, field: string): number {
  return intInRange(value, field, MIN_DAYS, MAX_DAYS);
}
