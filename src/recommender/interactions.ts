// Streaming aggregation of interactions into compact per-(user, product) and per-product state.
// No per-interaction object is kept: each record folds into one slot per distinct (user, product)
// pair (typed arrays) and into the per-product activity and rating sums, then is dropped.
import { interactionWeight, KIND_CODE, NUM_KINDS, PURCHASE, ADD_TO_CART, RATE, VIEW, recencyDecay } from './scoring';
import type { InteractionRecord } from './types';

export interface UserHistories {
  /** User u's history is products/weights/kinds[offsets[u] .. offsets[u+1]), strongest first. */
  offsets: Int32Array;
  products: Int32Array;
  /** Summed decayed weight of the user's interactions with the product (float32, as stored). */
  weights: Float32Array;
  /** The interaction kind contributing most to that weight (KIND_CODE), used for the reason. */
  kinds: Uint8Array;
  /** Every product user u purchased in the window: purchased[purchasedOffsets[u] ..], ascending. */
  purchasedOffsets: Int32Array;
  purchased: Int32Array;
}

export interface InteractionSummary {
  numInteractions: number;
  userIds: string[];
  histories: UserHistories;
  /** Per product: summed decayed interaction weights. */
  activity: Float64Array;
  /** Per product: sum and count of RATE ratings in the window. */
  rateSum: Float64Array;
  rateCount: Float64Array;
}

/** Kind chosen for the reason when two kinds weigh the same: the stronger signal wins. */
const KIND_PRIORITY = [PURCHASE, ADD_TO_CART, RATE, VIEW];

export class InteractionAccumulator {
  private readonly userIndex = new Map<string, number>();
  private readonly userIds: string[] = [];
  /** (user * numProducts + product) -> slot */
  private readonly slotOf = new Map<number, number>();
  private slotUser = new Int32Array(1 << 16);
  private slotProduct = new Int32Array(1 << 16);
  private slotKindWeight = new Float64Array(NUM_KINDS << 16);
  private slotPurchased = new Uint8Array(1 << 16);
  private numSlots = 0;
  private numInteractions = 0;
  private readonly activity: Float64Array;
  private readonly rateSum: Float64Array;
  private readonly rateCount: Float64Array;

  constructor(
    private readonly productIndex: ReadonlyMap<string, number>,
    private readonly now: number,
    private readonly halfLifeDays: number,
  ) {
    const n = productIndex.size;
    this.activity = new Float64Array(n);
    this.rateSum = new Float64Array(n);
    this.rateCount = new Float64Array(n);
  }

  /** Folds one interaction in; returns false (and ignores it) for an unknown product or a bad record. */
  add(record: InteractionRecord): boolean {
    const product = this.productIndex.get(record.productId);
    // typeof, not `!== undefined`: an unexpected type such as "toString" must not hit Object.prototype.
    const kind: unknown = KIND_CODE[record.type];
    if (product === undefined || typeof kind !== 'number' || !Number.isFinite(record.occurredAt)) return false;
    if (typeof record.userId !== 'string') return false;
    let user = this.userIndex.get(record.userId);
    if (user === undefined) {
      user = this.userIds.length;
      this.userIndex.set(record.userId, user);
      this.userIds.push(record.userId);
    }
    const key = user * this.productIndex.size + product;
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.newSlot(user, product);
      this.slotOf.set(key, slot);
    }
    const rating = record.rating ?? null;
    const weight = interactionWeight(kind, rating) * recencyDecay(record.occurredAt, this.now, this.halfLifeDays);
    this.slotKindWeight[slot * NUM_KINDS + kind] += weight;
    if (kind === PURCHASE) this.slotPurchased[slot] = 1;
    this.activity[product] += weight;
    if (kind === RATE && rating !== null && Number.isFinite(rating)) {
      this.rateSum[product] += rating;
      this.rateCount[product]++;
    }
    this.numInteractions++;
    return true;
  }

  /** Keeps the `historySize` strongest products of each user (ties: lower product index). */
  finish(historySize: number): InteractionSummary {
    const numUsers = this.userIds.length;
    const n = this.numSlots;
    const total = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      let sum = 0;
      for (let k = 0; k < NUM_KINDS; k++) sum += this.slotKindWeight[s * NUM_KINDS + k];
      total[s] = sum;
    }
    // Slots bucketed by user.
    const userSlotOffsets = new Int32Array(numUsers + 1);
    for (let s = 0; s < n; s++) userSlotOffsets[this.slotUser[s] + 1]++;
    for (let u = 0; u < numUsers; u++) userSlotOffsets[u + 1] += userSlotOffsets[u];
    const byUser = new Int32Array(n);
    const fill = userSlotOffsets.slice(0, numUsers);
    for (let s = 0; s < n; s++) byUser[fill[this.slotUser[s]]++] = s;

    const offsets = new Int32Array(numUsers + 1);
    const purchasedOffsets = new Int32Array(numUsers + 1);
    for (let u = 0; u < numUsers; u++) {
      const count = userSlotOffsets[u + 1] - userSlotOffsets[u];
      offsets[u + 1] = offsets[u] + Math.min(count, historySize);
      let bought = 0;
      for (let i = userSlotOffsets[u]; i < userSlotOffsets[u + 1]; i++) bought += this.slotPurchased[byUser[i]];
      purchasedOffsets[u + 1] = purchasedOffsets[u] + bought;
    }
    const products = new Int32Array(offsets[numUsers]);
    const weights = new Float32Array(offsets[numUsers]);
    const kinds = new Uint8Array(offsets[numUsers]);
    const purchased = new Int32Array(purchasedOffsets[numUsers]);
    const slotProduct = this.slotProduct;
    for (let u = 0; u < numUsers; u++) {
      const slots = byUser.subarray(userSlotOffsets[u], userSlotOffsets[u + 1]);
      slots.sort((a, b) => total[b] - total[a] || slotProduct[a] - slotProduct[b]);
      for (let i = 0, h = offsets[u]; h < offsets[u + 1]; i++, h++) {
        const s = slots[i];
        products[h] = slotProduct[s];
        weights[h] = total[s];
        let best = KIND_PRIORITY[0];
        for (const k of KIND_PRIORITY) {
          if (this.slotKindWeight[s * NUM_KINDS + k] > this.slotKindWeight[s * NUM_KINDS + best]) best = k;
        }
        kinds[h] = best;
      }
      let b = purchasedOffsets[u];
      for (const s of slots) if (this.slotPurchased[s]) purchased[b++] = slotProduct[s];
      purchased.subarray(purchasedOffsets[u], b).sort();
    }
    return {
      numInteractions: this.numInteractions,
      userIds: this.userIds,
      histories: { offsets, products, weights, kinds, purchasedOffsets, purchased },
      activity: this.activity,
      rateSum: this.rateSum,
      rateCount: this.rateCount,
    };
  }

  private newSlot(user: number, product: number): number {
    if (this.numSlots === this.slotUser.length) {
      const size = this.numSlots * 2;
      this.slotUser = grow(this.slotUser, new Int32Array(size));
      this.slotProduct = grow(this.slotProduct, new Int32Array(size));
      this.slotKindWeight = grow(this.slotKindWeight, new Float64Array(size * NUM_KINDS));
      this.slotPurchased = grow(this.slotPurchased, new Uint8Array(size));
    }
    const slot = this.numSlots++;
    this.slotUser[slot] = user;
    this.slotProduct[slot] = product;
    return slot;
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
