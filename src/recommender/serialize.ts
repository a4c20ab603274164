// Binary model artifact.
//
//   bytes 0-3   magic "RECM"
//   bytes 4-5   format version (uint16 LE), currently 3 (2 stored behaviour `together` as int32 and is
//               still read; 1 was the content-only model)
//   byte  6     model kind: 2 = hybrid; later model families get values of their own
//   byte  7     flags: bit 0 = payload is zlib-deflated (the only layout so far, always set)
//   bytes 8-11  stored payload length (uint32 LE)
//   payload     the model's fields in a fixed order (see writeState): numbers as float64,
//               typed arrays as element count + raw little-endian bytes, string lists as
//               UTF-16 lengths + one UTF-8 blob.
// Deflate (level 1) shrinks a 100k-product model (generate CLI: 100k products, 1M interactions) from
// ~151 MB to ~85 MB for ~0.7 s more to serialize and ~0.2 s more to load; its Adler-32 checksum also
// catches corrupted artifacts.
// Typed arrays are copied out on read, so the payload may come in any number of chunks at any byte offset.
import { endianness } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createInflate, deflateSync, inflateSync } from 'node:zlib';
import { TOGETHER_MAX } from './behaviour';
import { HybridModel, positions, type HybridModelParams, type HybridModelState } from './model';
import type { Model } from './types';

const MAGIC = 'RECM';
const FORMAT_VERSION = 3;
/** The oldest format this build reads: 2 differs only in `together` (int32, saturated to 16 bits on read). */
const OLDEST_READABLE = 2;
const HEADER_BYTES = 12;
const KIND_HYBRID = 2;
/** Read and write order of the numeric parameters. */
const PARAMS: Array<keyof HybridModelParams> = [
  'neighbours', 'behaviourNeighbours', 'alpha', 'beta', 'maxUserItems', 'strengthPower', 'halfLifeDays',
  'behaviourHalfLifeDays', 'historySize', 'historyHalfLife', 'contentWeight', 'minSupport', 'ratingPriorWeight', 'now',
  'sequenceHalfLife', 'sequenceFloor', 'shrink',
];
const FLAG_DEFLATED = 1;

type NumericArray = Int32Array | Uint32Array | Float32Array | Float64Array | Uint16Array | Uint8Array;

export function serialize(model: Model): Buffer {
  if (!(model instanceof HybridModel)) throw new TypeError(`cannot serialize a model of kind ${model.kind}`);
  assertLittleEndian();
  const writer = new Writer();
  writeState(writer, model.state);
  const payload = deflateSync(writer.finish(), { level: 1 });
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt16LE(FORMAT_VERSION, 4);
  header.writeUInt8(KIND_HYBRID, 6);
  header.writeUInt8(FLAG_DEFLATED, 7);
  header.writeUInt32LE(payload.length, 8);
  return Buffer.concat([header, payload]);
}

export function deserialize(buf: Buffer): Model {
  const { payload, format } = checkHeader(buf);
  return drain(assemble(readAll([inflate(payload)], format)));
}

const STRING_FIELDS = ['productIds', 'productNames', 'categories', 'userIds'] as const;
type StringField = (typeof STRING_FIELDS)[number];

/** A string list as stored: UTF-16 lengths and one UTF-8 blob. */
export interface EncodedStrings {
  lengths: Uint32Array;
  utf8: Uint8Array;
}

/**
 * A model decoded down to typed arrays, its string lists still encoded: all of it can move between
 * threads without copying (see transferables), and the rest (assemble) is the part that must run
 * where the model will serve.
 */
export type DecodedModel = Omit<HybridModelState, StringField> & { strings: Record<StringField, EncodedStrings> };

/**
 * The CPU-heavy half of a load (inflate, copy every array out), what a worker thread does, from an
 * artifact that arrives in parts (as stored, a few 1 MB chunks per read): each part is inflated as it
 * comes and each inflated chunk let go once copied out, so neither the whole artifact nor the whole
 * inflated payload is ever held in one piece (~85 MB and ~151 MB at 100k products): the API's start-up
 * peak at 100k products fell from 666-681 MB to 439-446 MB VmHWM (bench/README.md).
 */
export async function decodeArtifactParts(parts: AsyncIterable<Buffer>, inflateChunkBytes = INFLATE_CHUNK_BYTES): Promise<DecodedModel> {
  let header: Header | undefined;
  async function* payload() {
    let received = 0;
    for await (const part of parts) {
      const first = header === undefined;
      header ??= readHeader(part);
      const bytes = first ? part.subarray(HEADER_BYTES) : part;
      received += bytes.length;
      yield bytes;
    }
    if (header === undefined) throw new Error('not a recommender model (bad magic)');
    if (received !== header.length) throw new Error(`model payload is ${received} bytes, header says ${header.length}`);
  }
  const inflated: Buffer[] = [];
  try {
    await pipeline(payload(), createInflate({ chunkSize: inflateChunkBytes }), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) inflated.push(chunk);
    });
  } catch (err) {
    // zlib's errors (bad data, checksum) carry a Z_ code; the header's and the parts' own pass as they are
    if (!String((err as { code?: unknown }).code).startsWith('Z_')) throw err;
    throw new Error(`corrupt model: ${(err as Error).message}`);
  }
  return readAll(inflated, header!.format);
}

function readAll(chunks: Buffer[], format: number): DecodedModel {
  const reader = new Reader(chunks);
  const decoded = readArrays(reader, format);
  reader.end();
  return decoded;
}

/** The buffers of a decoded model, each its own, for a worker's postMessage transfer list. */
export function transferables(d: DecodedModel): ArrayBuffer[] {
  return [...STRING_FIELDS.flatMap((f) => [d.strings[f].lengths, d.strings[f].utf8]), ...stateArrays(d)].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** The rest of a load (the strings and the id indexes), with an event-loop turn between steps. */
export function assembleAsync(d: DecodedModel): Promise<Model> {
  return inTurns(assemble(d));
}

/** Default output chunk of the async inflate: zlib's 16 KB would cost thousands of thread-pool round trips. */
const INFLATE_CHUNK_BYTES = 8 << 20;
/** Strings decoded, or ids added to an index, between event-loop turns. */
const SLICE = 25_000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

async function inTurns<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    await nextTurn();
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function* assemble(d: DecodedModel): Generator<void, Model> {
  const { strings, ...arrays } = d;
  const decodedStrings = {} as Record<StringField, string[]>;
  for (const field of STRING_FIELDS) decodedStrings[field] = yield* decodeStrings(strings[field]);
  const state: HybridModelState = { ...arrays, ...decodedStrings };
  const products = yield* indexSlices(state.productIds);
  const users = yield* indexSlices(state.userIds);
  return new HybridModel(state, { products, users });
}

function* indexSlices(ids: string[]): Generator<void, Map<string, number>> {
  const index = new Map<string, number>();
  for (let from = 0; from < ids.length; from += SLICE) {
    positions(ids, from, Math.min(from + SLICE, ids.length), index);
    yield;
  }
  return index;
}

function* decodeStrings({ lengths, utf8 }: EncodedStrings): Generator<void, string[]> {
  const blob = Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength).toString('utf8');
  yield;
  const out = new Array<string>(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    out[i] = blob.slice(at, at + lengths[i]);
    at += lengths[i];
    if ((i + 1) % SLICE === 0) yield;
  }
  if (at !== blob.length) throw new Error('corrupt model: bad string block');
  return out;
}

/** Validates the header and returns the (deflated) payload and its format. */
function checkHeader(buf: Buffer): { payload: Buffer; format: number } {
  const { length, format } = readHeader(buf);
  if (buf.length !== HEADER_BYTES + length) {
    throw new Error(`model payload is ${buf.length - HEADER_BYTES} bytes, header says ${length}`);
  }
  return { payload: buf.subarray(HEADER_BYTES), format };
}

interface Header {
  /** Bytes of the stored payload. */
  length: number;
  format: number;
}

/** Validates the header at the start of `buf`. */
function readHeader(buf: Buffer): Header {
  assertLittleEndian();
  if (buf.length < HEADER_BYTES || buf.toString('latin1', 0, 4) !== MAGIC) {
    throw new Error('not a recommender model (bad magic)');
  }
  const format = buf.readUInt16LE(4);
  if (format < OLDEST_READABLE || format > FORMAT_VERSION) throw new Error(`unsupported model format version ${format}`);
  // A second model family dispatches on this byte.
  const kind = buf.readUInt8(6);
  if (kind !== KIND_HYBRID) throw new Error(`unknown model kind ${kind}`);
  const flags = buf.readUInt8(7);
  if (flags !== FLAG_DEFLATED) throw new Error(`unsupported model flags ${flags}`);
  return { length: buf.readUInt32LE(8), format };
}

/** The typed arrays of a model, in the order they are written and read. */
function stateArrays(s: Omit<HybridModelState, StringField>): NumericArray[] {
  const { content: c, behaviour: b, histories: h, excluded: x, popularity: pop } = s;
  return [
    s.productCategory, s.attributes, s.priceZ,
    c.offsets, c.items, c.scores,
    b.offsets, b.items, b.scores, b.together, b.support,
    h.offsets, h.products, h.weights, h.kinds,
    x.offsets, x.products,
    pop.scores, pop.order, pop.topRated,
  ];
}

function writeState(w: Writer, s: HybridModelState): void {
  w.numbers(PARAMS.map((key) => s.params[key]));
  w.numbers([s.numInteractions]);
  for (const field of STRING_FIELDS) w.strings(s[field]);
  for (const array of stateArrays(s)) w.array(array);
}

function readArrays(r: Reader, format: number): DecodedModel {
  const values = r.numbers(PARAMS.length);
  const params = Object.fromEntries(PARAMS.map((key, i) => [key, values[i]])) as unknown as HybridModelParams;
  const [numInteractions] = r.numbers(1);
  // Property order is read order: the order writeState wrote.
  const decoded: DecodedModel = {
    params,
    numInteractions,
    strings: { productIds: r.strings(), productNames: r.strings(), categories: r.strings(), userIds: r.strings() },
    productCategory: r.array(Int32Array),
    attributes: r.array(Int32Array),
    priceZ: r.array(Float64Array),
    content: { offsets: r.array(Int32Array), items: r.array(Int32Array), scores: r.array(Float32Array) },
    behaviour: {
      offsets: r.array(Int32Array),
      items: r.array(Int32Array),
      scores: r.array(Float32Array),
      together: format === 2 ? saturated(r.array(Int32Array)) : r.array(Uint16Array),
      support: r.array(Int32Array),
    },
    histories: { offsets: r.array(Int32Array), products: r.array(Int32Array), weights: r.array(Float32Array), kinds: r.array(Uint8Array) },
    excluded: { offsets: r.array(Int32Array), products: r.array(Int32Array) },
    popularity: { scores: r.array(Float32Array), order: r.array(Int32Array), topRated: r.array(Uint8Array) },
  };
  const { productIds, productNames, userIds } = decoded.strings;
  const { productCategory, priceZ, content: c, behaviour: b, histories: h, excluded: x, popularity: pop } = decoded;
  const n = productIds.lengths.length;
  const users = userIds.lengths.length;
  const consistent =
    productNames.lengths.length === n &&
    productCategory.length === n &&
    priceZ.length === n &&
    c.offsets.length === n + 1 &&
    c.offsets[n] === c.items.length &&
    c.items.length === c.scores.length &&
    b.offsets.length === n + 1 &&
    b.offsets[n] === b.items.length &&
    b.items.length === b.scores.length &&
    b.items.length === b.together.length &&
    b.support.length === n &&
    h.offsets.length === users + 1 &&
    h.offsets[users] === h.products.length &&
    h.products.length === h.weights.length &&
    h.products.length === h.kinds.length &&
    x.offsets.length === users + 1 &&
    x.offsets[users] === x.products.length &&
    pop.scores.length === n &&
    pop.order.length === n &&
    pop.topRated.length === n;
  if (!consistent) throw new Error('corrupt model: inconsistent array lengths');
  return decoded;
}

function saturated(counts: Int32Array): Uint16Array {
  return Uint16Array.from(counts, (c) => Math.min(c, TOGETHER_MAX));
}

function inflate(payload: Buffer): Buffer {
  try {
    return inflateSync(payload);
  } catch (err) {
    throw new Error(`corrupt model: ${(err as Error).message}`);
  }
}

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('model serialization assumes a little-endian host');
}

class Writer {
  private readonly chunks: Buffer[] = [];

  numbers(values: number[]): void {
    this.array(Float64Array.from(values));
  }

  array(values: NumericArray): void {
    const count = Buffer.alloc(4);
    count.writeUInt32LE(values.length);
    this.chunks.push(count, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  }

  strings(values: string[]): void {
    this.array(Uint32Array.from(values, (v) => v.length));
    const blob = Buffer.from(values.join(''), 'utf8');
    const size = Buffer.alloc(4);
    size.writeUInt32LE(blob.length);
    this.chunks.push(size, blob);
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Reads blocks from the inflated payload, which may be split into chunks anywhere. Each chunk is let go
 * once read past, so a large load holds little more than the arrays it has copied out.
 */
class Reader {
  private chunk = 0;
  private pos = 0;
  private remaining: number;
  private readonly scratch = Buffer.alloc(4);

  constructor(private readonly chunks: Buffer[]) {
    this.remaining = chunks.reduce((sum, c) => sum + c.length, 0);
  }

  numbers(count: number): number[] {
    const values = this.array(Float64Array);
    if (values.length !== count) throw new Error('corrupt model: bad number block');
    return Array.from(values);
  }

  array<T extends NumericArray>(type: { new (length: number): T; BYTES_PER_ELEMENT: number }): T {
    const length = this.uint32();
    this.need(length * type.BYTES_PER_ELEMENT);
    const out = new type(length);
    this.copy(new Uint8Array(out.buffer));
    return out;
  }

  /** A string list, still encoded (its bytes copied out). */
  strings(): EncodedStrings {
    const lengths = this.array(Uint32Array);
    const size = this.uint32();
    this.need(size);
    const utf8 = new Uint8Array(size);
    this.copy(utf8);
    return { lengths, utf8 };
  }

  end(): void {
    if (this.remaining !== 0) throw new Error(`corrupt model: ${this.remaining} trailing bytes`);
  }

  private uint32(): number {
    this.need(4);
    this.copy(this.scratch);
    return this.scratch.readUInt32LE(0);
  }

  private need(bytes: number): void {
    if (bytes > this.remaining) throw new Error('corrupt model: truncated');
  }

  /** Fills `into` from the chunks (the caller checked that enough bytes remain). */
  private copy(into: Uint8Array): void {
    for (let at = 0; at < into.length; ) {
      const chunk = this.chunks[this.chunk];
      const n = Math.min(chunk.length - this.pos, into.length - at);
      into.set(chunk.subarray(this.pos, this.pos + n), at);
      at += n;
      this.pos += n;
      if (this.pos === chunk.length) {
        this.chunks[this.chunk++] = EMPTY;
        this.pos = 0;
      }
    }
    this.remaining -= into.length;
  }
}

const EMPTY = Buffer.alloc(0);
