/** One day in milliseconds: the unit of every day-long window (training, recency half-life, synthetic time). */
export const DAY_MS = 86_400_000;
