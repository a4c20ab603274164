import { INTERACTION_KINDS, KIND_CODE, type InteractionRecord, type ProductRecord } from '../../../recommender';
import type { Interaction } from '../../telemetry';


/**
 * Training interactions in columns: a few typed arrays instead of a million objects, cheap to build
 * page by page and to transfer to the training worker without copying.
 */
export interface ColumnarInteractions {
  users: string[];
  user: Int32Array;
  product: Int32Array;
  kind: Uint8Array;
  rating: Uint8Array; // 0 = none
  at: Float64Array;
}

/**
 * Whose history an event is in the training data: the user's id, or `anon:<anonymousId>` for a session
 * not merged into a user (never a database id, so it cannot collide with one).
 */
export function trainingUserId(i: Pick<Interaction, 'userId' | 'anonymousId'>): string {
  return i.userId ?? `anon:${i.anonymousId}`;
}

export class InteractionColumns {
  private readonly userIndex = new Map<string, number>();
  private readonly users: string[] = [];
  private readonly user: number[] = [];
  private readonly product: number[] = [];
  private readonly kind: number[] = [];
  private readonly rating: number[] = [];
  private readonly at: number[] = [];

  constructor(private readonly productIndex: Map<string, number>) {}

  add(page: Interaction[]): void {
    for (const i of page) {
      const p = this.productIndex.get(i.productId);
      if (p === undefined) continue;
      const userId = trainingUserId(i);
      let u = this.userIndex.get(userId);
      if (u === undefined) {
        u = this.users.push(userId) - 1;
        this.userIndex.set(userId, u);
      }
      this.user.push(u);
      this.product.push(p);
      this.kind.push(KIND_CODE[i.type]);
      this.rating.push(i.rating ?? 0);
      this.at.push(i.createdAt.getTime());
    }
  }

  build(): ColumnarInteractions {
    return {
      users: this.users,
      user: Int32Array.from(this.user),
      product: Int32Array.from(this.product),
      kind: Uint8Array.from(this.kind),
      rating: Uint8Array.from(this.rating),
      at: Float64Array.from(this.at),
    };
  }
}

/** The columns back as the records the recommender core takes (built in the training worker). */
export function interactionRecords(c: ColumnarInteractions, products: ProductRecord[]): InteractionRecord[] {
  const records = new Array<InteractionRecord>(c.user.length);
  for (let i = 0; i < c.user.length; i++) {
    records[i] = {
      userId: c.users[c.user[i]],
      productId: products[c.product[i]].id,
      type: INTERACTION_KINDS[c.kind[i]],
      rating: c.rating[i] || null,
      occurredAt: c.at[i],
    };
  }
  return records;
}

export function transferList(c: ColumnarInteractions): ArrayBuffer[] {
  return [c.user.buffer, c.product.buffer, c.kind.buffer, c.rating.buffer, c.at.buffer] as ArrayBuffer[];
}
