import type { InteractionRecord } from '../types';

/**
 * The binary user-item matrix of the training interactions (any event type counts once), in both
 * orientations, plus the popularity order used to break ties: distinct users per item, then id,
 * as the core's popularityRanker orders them.
 */
export interface UserItemMatrix {
  itemIds: string[];
  itemIndex: Map<string, number>;
  /** Items of each user, by user id (ascending item index, no duplicates). */
  userItems: Map<string, Int32Array>;
  /** CSC: users (dense indices) of item i are itemUsers[itemStart[i] .. itemStart[i + 1]). */
  itemStart: Int32Array;
  itemUsers: Int32Array;
  /** Users per item. */
  itemCount: Int32Array;
  /** Rank of each item in the popularity order (0 = most popular). */
  popularityRank: Int32Array;
  /** Item indices, most popular first. */
  popularityOrder: Int32Array;
}

export function buildUserItemMatrix(train: readonly InteractionRecord[]): UserItemMatrix {
  const itemIndex = new Map<string, number>();
  const itemIds: string[] = [];
  const sets = new Map<string, Set<number>>();
  for (const r of train) {
    let item = itemIndex.get(r.productId);
    if (item === undefined) {
      item = itemIds.length;
      itemIndex.set(r.productId, item);
      itemIds.push(r.productId);
    }
    const set = sets.get(r.userId);
    if (set) set.add(item);
    else sets.set(r.userId, new Set([item]));
  }
  const numItems = itemIds.length;
  const userItems = new Map<string, Int32Array>();
  const itemCount = new Int32Array(numItems);
  for (const [userId, set] of sets) {
    const items = Int32Array.from(set).sort();
    userItems.set(userId, items);
    for (const i of items) itemCount[i]++;
  }
  const itemStart = new Int32Array(numItems + 1);
  for (let i = 0; i < numItems; i++) itemStart[i + 1] = itemStart[i] + itemCount[i];
  const itemUsers = new Int32Array(itemStart[numItems]);
  const fill = itemStart.slice(0, numItems);
  let u = 0;
  for (const items of userItems.values()) {
    for (const i of items) itemUsers[fill[i]++] = u;
    u++;
  }
  const popularityOrder = Int32Array.from(itemIds.keys()).sort(
    (a, b) => itemCount[b] - itemCount[a] || (itemIds[a] < itemIds[b] ? -1 : itemIds[a] > itemIds[b] ? 1 : 0),
  );
  const popularityRank = new Int32Array(numItems);
  popularityOrder.forEach((item, rank) => (popularityRank[item] = rank));
  return { itemIds, itemIndex, userItems, itemStart, itemUsers, itemCount, popularityRank, popularityOrder };
}

/** Items of each dense user index (the order of userItems), for walking the CSC columns. */
export function usersByIndex(m: UserItemMatrix): Int32Array[] {
  return [...m.userItems.values()];
}
