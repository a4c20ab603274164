import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import type { ModelVersionInfo } from './types';

export const MODEL_ACTIVATED_CHANNEL = 'model_activated';
const CHUNK_BYTES = 1 << 20;
/** Chunks read per query, so no single result is huge. */
const CHUNKS_PER_READ = 4;

const VERSION_COLUMNS = `version, kind, trigger, trained_at as "trainedAt", window_days as "windowDays",
  num_products as "numProducts", num_users as "numUsers", num_interactions as "numInteractions",
  training_duration_ms as "trainingDurationMs"`;

/** Model versions in PostgreSQL, so every replica can load the active one. */
export class ModelStore {
  constructor(private readonly em: () => EntityManager) {}

  /**
   * Stores a new version with its artifact and makes it the active one, in one transaction; the
   * NOTIFY is delivered to every listening API process when it commits.
   */
  async activate(info: Omit<ModelVersionInfo, 'version'>, artifact: Buffer): Promise<ModelVersionInfo> {
    return this.em().transactional(async (em) => {
      await em.execute(`update model_version set status = 'RETIRED' where status = 'ACTIVE'`);
      const [row]: ModelVersionInfo[] = await em.execute(
        `insert into model_version (kind, status, trigger, trained_at, window_days, num_products, num_users,
           num_interactions, training_duration_ms, artifact_bytes)
         values (?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?) returning ${VERSION_COLUMNS}`,
        [info.kind, info.trigger, info.trainedAt, info.windowDays, info.numProducts, info.numUsers,
          info.numInteractions, info.trainingDurationMs, artifact.length],
      );
      for (let seq = 0; seq * CHUNK_BYTES < artifact.length; seq++) {
        await em.execute(`insert into model_artifact_chunk (version, seq, data) values (?, ?, ?)`, [
          row.version,
          seq,
          artifact.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES),
        ]);
      }
      await em.execute(`select pg_notify(?, ?)`, [MODEL_ACTIVATED_CHANNEL, String(row.version)]);
      return row;
    });
  }

  async active(): Promise<ModelVersionInfo | null> {
    const [row]: ModelVersionInfo[] = await this.em().execute(
      `select ${VERSION_COLUMNS} from model_version where status = 'ACTIVE'`,
    );
    return row ?? null;
  }

  /** The artifact, read a few chunks per query so no single result is huge. */
  async artifact(version: number): Promise<Buffer> {
    const em = this.em();
    return readChunks((from) =>
      em.execute(`select data from model_artifact_chunk where version = ? and seq >= ? order by seq limit ${CHUNKS_PER_READ}`, [version, from]),
    );
  }
}

/** The artifact through a plain pg connection: for a worker thread, which has no ORM. */
export function readArtifact(client: Client, version: number): Promise<Buffer> {
  return readChunks(async (from) => {
    const { rows } = await client.query<{ data: Buffer }>(
      `select data from model_artifact_chunk where version = $1 and seq >= $2 order by seq limit ${CHUNKS_PER_READ}`,
      [version, from],
    );
    return rows;
  });
}

async function readChunks(read: (fromSeq: number) => Promise<Array<{ data: Buffer }>>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const rows = await read(parts.length);
    parts.push(...rows.map((r) => r.data));
    if (rows.length < CHUNKS_PER_READ) return Buffer.concat(parts);
  }
}
