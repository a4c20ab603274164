import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import type { NewModelVersion, ModelVersionInfo } from '../types';

export const MODEL_ACTIVATED_CHANNEL = 'model_activated';
const CHUNK_BYTES = 1 << 20;
/** Chunks read per query, so no single result is huge. */
const CHUNKS_PER_READ = 4;
/** Held (per transaction) by every change of which version is ACTIVE, so the gate compares against the real live one. */
const VERSION_CHANGE_LOCK = 7_363_222;

const VERSION_COLUMNS = `version, kind, status, trigger, trained_at as "trainedAt", window_days as "windowDays",
  num_products as "numProducts", num_users as "numUsers", num_interactions as "numInteractions",
  training_duration_ms as "trainingDurationMs", evaluation, evaluation_skipped_reason as "evaluationSkippedReason",
  promotion_reason as "promotionReason", rejection_reason as "rejectionReason", artifact_pruned_at as "artifactPrunedAt"`;

/** What to do with a new version, decided against the live one (null before the first). */
export type VersionGate = (live: ModelVersionInfo | null) => { promote: boolean; reason: string };

/** Model versions in PostgreSQL, so every replica can load the active one. */
export class ModelStore {
  constructor(private readonly em: () => EntityManager) {}

  /**
   * Stores a new version with its artifact, in one transaction: ACTIVE (the previous one RETIRED, and a
   * NOTIFY that every listening API process receives when it commits) or REJECTED, as `gate` decides.
   */
  async add(info: NewModelVersion, artifact: Buffer, gate: VersionGate): Promise<ModelVersionInfo> {
    return this.em().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(?)`, [VERSION_CHANGE_LOCK]);
      const [live]: ModelVersionInfo[] = await em.execute(`select ${VERSION_COLUMNS} from model_version where status = 'ACTIVE'`);
      const { promote, reason } = gate(live ?? null);
      if (promote) await em.execute(`update model_version set status = 'RETIRED' where status = 'ACTIVE'`);
      const [row]: ModelVersionInfo[] = await em.execute(
        `insert into model_version (kind, status, trigger, trained_at, window_days, num_products, num_users,
           num_interactions, training_duration_ms, artifact_bytes, evaluation, evaluation_skipped_reason,
           promotion_reason, rejection_reason)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) returning ${VERSION_COLUMNS}`,
        [info.kind, promote ? 'ACTIVE' : 'REJECTED', info.trigger, info.trainedAt, info.windowDays, info.numProducts,
          info.numUsers, info.numInteractions, info.trainingDurationMs, artifact.length,
          info.evaluation && JSON.stringify(info.evaluation), info.evaluationSkippedReason,
          promote ? reason : null, promote ? null : reason],
      );
      for (let seq = 0; seq * CHUNK_BYTES < artifact.length; seq++) {
        await em.execute(`insert into model_artifact_chunk (version, seq, data) values (?, ?, ?)`, [
          row.version,
          seq,
          artifact.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES),
        ]);
      }
      if (promote) await em.execute(`select pg_notify(?, ?)`, [MODEL_ACTIVATED_CHANNEL, String(row.version)]);
      return row;
    });
  }

  /**
   * Makes a stored version the ACTIVE one (the previous one RETIRED) and notifies every API process;
   * null when there is no such version. Activating the active version, or one whose artifact was
   * pruned, changes nothing (the caller tells them apart by status and artifactPrunedAt).
   */
  async activate(version: number): Promise<ModelVersionInfo | null> {
    return this.em().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(?)`, [VERSION_CHANGE_LOCK]);
      const [target]: ModelVersionInfo[] = await em.execute(`select ${VERSION_COLUMNS} from model_version where version = ?`, [version]);
      if (!target || target.status === 'ACTIVE' || target.artifactPrunedAt) return target ?? null;
      await em.execute(`update model_version set status = 'RETIRED' where status = 'ACTIVE'`);
      const [row]: ModelVersionInfo[] = await em.execute(
        `update model_version set status = 'ACTIVE' where version = ? returning ${VERSION_COLUMNS}`,
        [version],
      );
      await em.execute(`select pg_notify(?, ?)`, [MODEL_ACTIVATED_CHANNEL, String(version)]);
      return row;
    });
  }

  /**
   * Removes the artifacts of every version but the newest `keep` (whatever their status) and the ACTIVE
   * one; the version rows stay, with their evaluation, marked artifact_pruned_at. Under the version-change
   * lock, so a version being activated is never pruned underneath it. Returns the versions pruned.
   */
  async pruneArtifacts(keep: number): Promise<number[]> {
    return this.em().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(?)`, [VERSION_CHANGE_LOCK]);
      const rows: Array<{ version: number }> = await em.execute(
        `update model_version set artifact_pruned_at = now()
         where artifact_pruned_at is null and status <> 'ACTIVE'
           and version not in (select version from model_version order by version desc limit ?)
         returning version`,
        [keep],
      );
      const versions = rows.map((r) => r.version).sort((a, b) => a - b);
      if (versions.length) await em.execute(`delete from model_artifact_chunk where version = any(?::int[])`, [`{${versions.join(',')}}`]);
      return versions;
    });
  }

  async active(): Promise<ModelVersionInfo | null> {
    const [row]: ModelVersionInfo[] = await this.em().execute(
      `select ${VERSION_COLUMNS} from model_version where status = 'ACTIVE'`,
    );
    return row ?? null;
  }

  /** Newest first. */
  async list(limit: number): Promise<ModelVersionInfo[]> {
    return this.em().execute(`select ${VERSION_COLUMNS} from model_version order by version desc limit ?`, [limit]);
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
