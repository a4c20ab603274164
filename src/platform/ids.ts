// IDs are opaque strings to clients; in PostgreSQL they are bigint identities. Anything that is not a
// positive int64 in decimal can never name a row, so it is treated as "not found" without a query.
/** The largest PostgreSQL bigint. */
export const INT64_MAX = 9223372036854775807n;

export function isDbId(id: string): boolean {
  if (!/^[1-9][0-9]{0,18}$/.test(id)) return false;
  return BigInt(id) <= INT64_MAX;
}
