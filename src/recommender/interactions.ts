// Streaming aggregation of interactions into one slot per distinct (user, product) pair and the
// per-product sums that popularity needs. No per-interaction object is kept.
//
// A slot keeps, per kind, the summed type weight (scoring.ts: purchase > cart > rating by value > view)
// and the time of its latest event. From the slots come:
//   - strength(u, p) = (sum of the slot's type weights) ^ strengthPower     (0: every pair counts 1)
//   - the user-item matrix of the behaviour model: strength * 0.5 ^ (age / behaviourHalfLifeDays), age
//     measured from `now` (old co-occurrences fade, but a whole year of data still counts);
//   - each user's history for serving: the `historySize` pairs with the largest
//     strength * 0.5 ^ (age from the user's latest event / halfLifeDays) * 0.5 ^ (rank / historyHalfLife),
//     rank 0 being the most recent pair: the user's recent items weigh more, whenever they were active;
//   - what a user is never shown again: every product it bought or rated.
import { interactionWeight, KIND_CODE, NUM_KINDS, PURCHASE, ADD_TO_CART, RATE, VIEW, recencyDecay } from './scoring';
import type { InteractionRecord } from './types';

export interface UserHistories {
  /** User u's history is products/weights/kinds[offsets[u] .. offsets[u+1]), strongest first. */
  offsets: Int32Array;
  products: Int32Array;
  /** The history weight above (float32, as stored). */
  weights: Float32Array;
  /** The interaction kind weighing most in the pair (KIND_CODE), used for the reason. */
  kinds: Uint8Array;
}

/** Per user, ascending product indices: excluded[offsets[u] .. offsets[u+1]). */
export interface UserExclusions {
  offsets: Int32Array;
  products: Int32Array;
}

/** Users x products in CSR form: row u is items/values[offsets[u] .. offsets[u+1]). */
export interface UserItemMatrix {
  numProducts: number;
  offsets: Int32Array;
  items: Int32Array;
  values: Float64Array;
}

export interface SummaryOptions {
  now: number;
  halfLifeDays: number;
  behaviourHalfLifeDays: number;
  historySize: number;
  historyHalfLife: number;
  strengthPower: number;
}

export interface InteractionSummary {
  numInteractions: number;
  userIds: string[];
  histories: UserHistories;
  excluded: UserExclusions;
  matrix: UserItemMatrix;
  /** Per product: summed type weights decayed from `now` with halfLifeDays (popularity's activity). */
  activity: Float64Array;
  /** Per product: sum and count of RATE ratings. */
  rateSum: Float64Array;
  rateCount: Float64Array;
}

/** Kind chosen for the reason when two kinds weigh the same: the stronger signal wins. */
export const KIND_PRIORITY = [PURCHASE, ADD_TO_CART, RATE, VIEW];

export class InteractionAccumulator {
  private readonly userIndex = new Map<string, number>();
  private readonly userIds: string[] = [];
  /** (user * numProducts + product) -> slot */
  private readonly slotOf = new Map<number, number>();
  private slotUser = new Int32Array(1 << 16);
  private slotProduct = new Int32Array(1 << 16);
  private slotKindWeight = new Float64Array(NUM_KINDS << 16);
  private slotLast = new Float64Array(1 << 16);
  /** Order of the slot's latest event among all events: breaks ties between equal times. */
  private slotLastSeq = new Float64Array(1 << 16);
  private slotExcluded = new Uint8Array(1 << 16);
  private numSlots = 0;
  private numInteractions = 0;
  private readonly activity: Float64Array;
  private readonly rateSum: Float64Array;
  private readonly rateCount: Float64Array;

  constructor(
    private readonly productIndex: ReadonlyMap<string, number>,
    private readonly options: SummaryOptions,
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
    const weight = interactionWeight(kind, rating);
    this.slotKindWeight[slot * NUM_KINDS + kind] += weight;
    if (record.occurredAt >= this.slotLast[slot]) {
      this.slotLast[slot] = record.occurredAt;
      this.slotLastSeq[slot] = this.numInteractions;
    }
    if (kind === PURCHASE || kind === RATE) this.slotExcluded[slot] = 1;
    this.activity[product] += weight * recencyDecay(record.occurredAt, this.options.now, this.options.halfLifeDays);
    if (kind === RATE && rating !== null && Number.isFinite(rating)) {
      this.rateSum[product] += rating;
      this.rateCount[product]++;
    }
    this.numInteractions++;
    return true;
  }

  finish(): InteractionSummary {
    const { now, halfLifeDays, behaviourHalfLifeDays, historySize, historyHalfLife, strengthPower } = this.options;
    const numUsers = this.userIds.length;
    const n = this.numSlots;
    const strength = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      let sum = 0;
      for (let k = 0; k < NUM_KINDS; k++) sum += this.slotKindWeight[s * NUM_KINDS + k];
      strength[s] = Math.pow(sum, strengthPower);
    }
    // Slots bucketed by user, each user's slots most recent first.
    const userOffsets = new Int32Array(numUsers + 1);
    for (let s = 0; s < n; s++) userOffsets[this.slotUser[s] + 1]++;
    for (let u = 0; u < numUsers; u++) userOffsets[u + 1] += userOffsets[u];
    const byUser = new Int32Array(n);
    const fill = userOffsets.slice(0, numUsers);
    for (let s = 0; s < n; s++) byUser[fill[this.slotUser[s]]++] = s;
    const last = this.slotLast;
    const seq = this.slotLastSeq;

    const matrixItems = new Int32Array(n);
    const matrixValues = new Float64Array(n);
    const offsets = new Int32Array(numUsers + 1);
    const excludedOffsets = new Int32Array(numUsers + 1);
    for (let u = 0; u < numUsers; u++) {
      offsets[u + 1] = offsets[u] + Math.min(userOffsets[u + 1] - userOffsets[u], historySize);
      let count = 0;
      for (let i = userOffsets[u]; i < userOffsets[u + 1]; i++) count += this.slotExcluded[byUser[i]];
      excludedOffsets[u + 1] = excludedOffsets[u] + count;
    }
    const products = new Int32Array(offsets[numUsers]);
    const weights = new Float32Array(offsets[numUsers]);
    const kinds = new Uint8Array(offsets[numUsers]);
    const excluded = new Int32Array(excludedOffsets[numUsers]);
    const historyWeight = new Float64Array(n);
    for (let u = 0; u < numUsers; u++) {
      const from = userOffsets[u];
      const slots = byUser.subarray(from, userOffsets[u + 1]);
      slots.sort((a, b) => last[b] - last[a] || seq[b] - seq[a]);
      const latest = slots.length > 0 ? last[slots[0]] : now;
      for (let r = 0; r < slots.length; r++) {
        const s = slots[r];
        matrixItems[from + r] = this.slotProduct[s];
        matrixValues[from + r] = strength[s] * recencyDecay(last[s], now, behaviourHalfLifeDays);
        historyWeight[s] =
          strength[s] * recencyDecay(last[s], latest, halfLifeDays) * Math.pow(0.5, r / historyHalfLife);
      }
      let e = excludedOffsets[u];
      for (const s of slots) if (this.slotExcluded[s]) excluded[e++] = this.slotProduct[s];
      excluded.subarray(excludedOffsets[u], e).sort();
      slots.sort((a, b) => historyWeight[b] - historyWeight[a] || this.slotProduct[a] - this.slotProduct[b]);
      for (let i = 0, h = offsets[u]; h < offsets[u + 1]; i++, h++) {
        const s = slots[i];
        products[h] = this.slotProduct[s];
        weights[h] = historyWeight[s];
        let best = KIND_PRIORITY[0];
        for (const k of KIND_PRIORITY) {
          if (this.slotKindWeight[s * NUM_KINDS + k] > this.slotKindWeight[s * NUM_KINDS + best]) best = k;
        }
        kinds[h] = best;
      }
    }
    return {
      numInteractions: this.numInteractions,
      userIds: this.userIds,
      histories: { offsets, products, weights, kinds },
      excluded: { offsets: excludedOffsets, products: excluded },
      matrix: { numProducts: this.productIndex.size, offsets: userOffsets, items: matrixItems, values: matrixValues },
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
      this.slotLast = grow(this.slotLast, new Float64Array(size));
      this.slotLastSeq = grow(this.slotLastSeq, new Float64Array(size));
      this.slotExcluded = grow(this.slotExcluded, new Uint8Array(size));
    }
    const slot = this.numSlots++;
    this.slotUser[slot] = user;
    this.slotProduct[slot] = product;
    this.slotLast[slot] = -Infinity;
    return slot;
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
