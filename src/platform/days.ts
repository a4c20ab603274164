// The one range of every window given in days (training windows, the recency half-life): checked the
// same way in the configuration, the GraphQL arguments and the command lines.
export const MIN_DAYS = 1;
export const MAX_DAYS = 3650;
/** For argument descriptions. */
export const DAYS_RANGE = `${MIN_DAYS}-${MAX_DAYS}`;
