import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { assembleAsync, decodeArtifactParts, deserialize, serialize, train, transferables, type InteractionRecord, type Model, type ProductRecord } from '../../../src/recommender';
import { generateCatalog, generateInteractions } from '../../../src/synthetic';
import { NOW } from './fixtures';

function syntheticModel(): { model: Model; products: ProductRecord[]; users: string[] } {
  const catalog = generateCatalog({ products: 400, seed: 7 });
  const products: ProductRecord[] = catalog.map((p, i) => ({
    id: p.sku,
    name: p.name,
    category: p.category,
    price: p.price,
    gender: p.gender,
    color: p.color,
    material: p.material,
    size: p.size,
    avgRating: i % 3 === 0 ? null : 1 + (i % 5),
    reviewCount: i % 3 === 0 ? 0 : i % 7,
  }));
  const users = Array.from({ length: 120 }, (_, u) => `user-${u}`);
  const interactions: InteractionRecord[] = [];
  for (const r of generateInteractions({ products: catalog, users: users.length, interactions: 6000, days: 60, seed: 7, now: NOW })) {
    interactions.push({
      userId: users[r.userIndex],
      productId: products[r.productIndex].id,
      type: r.type,
      rating: r.rating,
      occurredAt: r.occurredAt.getTime(),
    });
  }
  return { model: train(products, interactions, { now: NOW, neighbours: 30 }), products, users };
}

/** A small model from fixed inputs: model-format-2.bin is this model as format 2 wrote it. */
function smallModel(): Model {
  const catalog = generateCatalog({ products: 40, seed: 3 });
  const products: ProductRecord[] = catalog.map((p) => ({ id: p.sku, name: p.name, category: p.category, price: p.price, color: p.color, material: p.material, gender: p.gender, size: p.size, avgRating: null, reviewCount: 0 }));
  const interactions: InteractionRecord[] = [];
  for (const r of generateInteractions({ products: catalog, users: 30, interactions: 600, days: 30, seed: 3, now: NOW })) {
    interactions.push({ userId: `u${r.userIndex}`, productId: products[r.productIndex].id, type: r.type, rating: r.rating, occurredAt: r.occurredAt.getTime() });
  }
  return train(products, interactions, { now: NOW, neighbours: 10 });
}

describe('serialize / deserialize', () => {
  const { model, products, users } = syntheticModel();
  const buf = serialize(model);

  it('round-trips to a model giving identical answers for every product and user', () => {
    const copy = deserialize(buf);
    expect(copy.kind).toBe('hybrid');
    expect(copy.stats).toEqual(model.stats);
    expect(copy.popular(products.length)).toEqual(model.popular(products.length));
    for (const p of products) {
      expect(copy.hasProduct(p.id)).toBe(true);
      for (const kind of ['CONTENT', 'BEHAVIOUR', 'HYBRID'] as const) {
        expect(copy.similar(p.id, 30, kind)).toEqual(model.similar(p.id, 30, kind));
      }
    }
    for (const u of users) {
      expect(copy.hasUser(u)).toBe(model.hasUser(u));
      expect(copy.forUser(u, 25)).toEqual(model.forUser(u, 25));
    }
    expect(serialize(copy).equals(buf)).toBe(true);
  });

  it('decodes an artifact that arrives in parts, split anywhere, and rejects a corrupt or short one', async () => {
    // Parts of 97 bytes after a first one of 20, inflated into 1 KB chunks: every block spans a boundary.
    const parts = [buf.subarray(0, 20), ...Array.from({ length: Math.ceil((buf.length - 20) / 97) }, (_, i) => buf.subarray(20 + i * 97, 117 + i * 97))];
    const decoded = await decodeArtifactParts(inParts(parts), 1024);
    const copy = await assembleAsync(decoded);
    expect(serialize(copy).equals(buf)).toBe(true);
    expect(copy.stats).toEqual(model.stats);
    expect(copy.forUser(users[0], 10)).toEqual(model.forUser(users[0], 10));
    const lying = Buffer.from(buf);
    lying.writeUInt32LE(0xffffff, 40);
    await expect(decodeArtifactParts(inParts([lying]))).rejects.toThrow(/corrupt/);
    await expect(decodeArtifactParts(inParts([buf.subarray(0, 1000)]))).rejects.toThrow(/payload is 988 bytes/);
    await expect(decodeArtifactParts(inParts([]))).rejects.toThrow(/magic/);
    await expect(decodeArtifactParts(inParts([Buffer.from('{"not":"a model"}')]))).rejects.toThrow(/magic/);
  });

  it('decodes in one thread and assembles in another: the arrays move without copying', async () => {
    const decoded = await decodeArtifactParts(inParts([buf]));
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<typeof decoded>((resolve) => port2.once('message', resolve));
    port1.postMessage(decoded, transferables(decoded));
    expect(decoded.behaviour.items.byteLength).toBe(0); // moved out of this side
    const copy = await assembleAsync(await received);
    port1.close();
    expect(serialize(copy).equals(buf)).toBe(true);
    expect(copy.similar(products[3].id, 10)).toEqual(model.similar(products[3].id, 10));
  });

  it('writes a compact binary artifact with a magic, version and model kind', () => {
    expect(buf.toString('latin1', 0, 4)).toBe('RECM');
    expect(buf.readUInt16LE(4)).toBe(3);
    expect(buf.readUInt8(6)).toBe(2); // hybrid
    expect(buf.readUInt8(7)).toBe(1); // deflated
    // Neighbour lists (400 x 30 content, at most 400 x 200 behaviour) dominate; no dense matrix.
    expect(buf.length).toBeLessThan(400_000);
  });

  it('reads from a Buffer at any byte offset', () => {
    const shifted = Buffer.alloc(buf.length + 3);
    buf.copy(shifted, 3);
    const copy = deserialize(shifted.subarray(3));
    expect(copy.similar(products[5].id, 10)).toEqual(model.similar(products[5].id, 10));
  });

  it('reads a format 2 artifact (written before `together` became 16-bit) as the same model, in one piece or in parts', async () => {
    // Written by serialize() at commit b24825c (format 2) from smallModel().
    const v2 = readFileSync(path.join(__dirname, 'model-format-2.bin'));
    expect(v2.readUInt16LE(4)).toBe(2);
    const fresh = serialize(smallModel());
    const copy = deserialize(v2);
    expect(serialize(copy).equals(fresh)).toBe(true);
    expect(copy.similar('SKU-000007', 10, 'BEHAVIOUR').length).toBeGreaterThan(0);
    // As the service's load worker reads it: in stored chunks, split anywhere after the header.
    const parts = await assembleAsync(await decodeArtifactParts(inParts([v2.subarray(0, 20), v2.subarray(20, 3000), v2.subarray(3000)])));
    expect(serialize(parts).equals(fresh)).toBe(true);
  });

  it('rejects what is not a model it can read', () => {
    expect(() => deserialize(Buffer.from('{"not":"a model"}'))).toThrow(/magic/);
    expect(() => deserialize(buf.subarray(0, buf.length - 10))).toThrow(/payload/);
    const future = Buffer.from(buf);
    future.writeUInt16LE(99, 4);
    expect(() => deserialize(future)).toThrow(/version 99/);
    const contentOnly = Buffer.from(buf);
    contentOnly.writeUInt16LE(1, 4);
    expect(() => deserialize(contentOnly)).toThrow(/version 1/);
    const otherKind = Buffer.from(buf);
    otherKind.writeUInt8(42, 6);
    expect(() => deserialize(otherKind)).toThrow(/kind 42/);
    const lying = Buffer.from(buf);
    lying.writeUInt32LE(0xffffff, 40); // inside the deflated payload: fails its checksum
    expect(() => deserialize(lying)).toThrow(/corrupt/);
  });
});

async function* inParts(parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield await Promise.resolve(part);
}
