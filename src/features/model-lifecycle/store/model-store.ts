import { sql } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { query, type SqlClient } from '../../../platform/sql';
import { insertReturning } from '../../../platform/db/insert';
import { inTransaction } from '../../../platform/db/transaction';
import { ModelArtifactChunkEntity, ModelVersionEntity, ModelVersionStatus } from '../entities';
import type { NewModelVersion, ModelVersionInfo } from '../types';
import { toModelVersionInfo } from './mappers';

export const MODEL_ACTIVATED_CHANNEL = 'model_activated';
const CHUNK_BYTES = 1 << 20;
/** Chunks read per query, so no single result is huge. */
const CHUNKS_PER_READ = 4;
/** Held (per transaction) by every change of which version is ACTIVE, so the gate compares against the real live one. */
const VERSION_CHANGE_LOCK = 7_363_222;

const { ACTIVE, REJECTED, RETIRED } = ModelVersionStatus;

/** What to do with a new version, decided against the live one (null before the first). */
export type VersionGate = (live: ModelVersionInfo | null) => { promote: boolean; reason: string };

/**
 * Model versions in PostgreSQL, so every replica can load the active one. Versions go through the ORM;
 * the artifact chunks are raw bytea reads and writes, a few chunks per statement (and artifactParts
 * serves a worker thread, which has no ORM).
 */
export class ModelStore {
  constructor(private readonly em: () => EntityManager) {}

  /**
   * Stores a new version with its artifact, in one transaction: ACTIVE (the previous one RETIRED, and a
   * NOTIFY that every listening API process receives when it commits) or REJECTED, as `gate` decides.
   */
  async add(info: NewModelVersion, artifact: Buffer, gate: VersionGate): Promise<ModelVersionInfo> {
    return inTransaction(this.em(), async (em) => {
      await lockVersionChanges(em);
      const live = await em.findOne(ModelVersionEntity, { status: ACTIVE });
      const { promote, reason } = gate(live && toModelVersionInfo(live));
      if (promote) await em.nativeUpdate(ModelVersionEntity, { status: ACTIVE }, { status: RETIRED });
      const row = await insertReturning(em, ModelVersionEntity, {
        ...info,
        status: promote ? ACTIVE : REJECTED,
        artifactBytes: String(artifact.length),
        promotionReason: promote ? reason : null,
        rejectionReason: promote ? null : reason,
      });
      for (let seq = 0; seq * CHUNK_BYTES < artifact.length; seq++) {
        await query(em, `insert into model_artifact_chunk (version, seq, data) values (?, ?, ?)`, [
          row.version,
          seq,
          artifact.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES),
        ]);
      }
      if (promote) await notifyActivated(em, row.version);
      return toModelVersionInfo(row);
    });
  }

  /**
   * Makes a stored version the ACTIVE one (the previous one RETIRED) and notifies every API process;
   * null when there is no such version. Activating the active version, or one whose artifact was
   * pruned, changes nothing (the caller tells them apart by status and artifactPrunedAt).
   */
  async activate(version: number): Promise<ModelVersionInfo | null> {
    return inTransaction(this.em(), async (em) => {
      await lockVersionChanges(em);
      const target = await em.findOne(ModelVersionEntity, { version });
      if (!target || target.status === ACTIVE || target.artifactPrunedAt) return target && toModelVersionInfo(target);
      // Retired first: the partial unique index allows one ACTIVE row at any moment.
      await em.nativeUpdate(ModelVersionEntity, { status: ACTIVE }, { status: RETIRED });
      await em.nativeUpdate(ModelVersionEntity, { version }, { status: ACTIVE });
      target.status = ACTIVE;
      await notifyActivated(em, version);
      return toModelVersionInfo(target);
    });
  }

  /**
   * Removes the artifacts of every version but the newest `keep` (whatever their status) and the ACTIVE
   * one; the version rows stay, with their evaluation, marked artifact_pruned_at. Under the version-change
   * lock, so a version being activated is never pruned underneath it. Returns the versions pruned.
   */
  async pruneArtifacts(keep: number): Promise<number[]> {
    return inTransaction(this.em(), async (em) => {
      await lockVersionChanges(em);
      const kept = em.createQueryBuilder(ModelVersionEntity, 'k').select('version').orderBy({ version: 'desc' }).limit(keep);
      const rows = await em
        .createQueryBuilder(ModelVersionEntity)
        .update({ artifactPrunedAt: sql.now() })
        .where({ artifactPrunedAt: null, status: { $ne: ACTIVE }, version: { $nin: kept.getKnexQuery() } })
        .returning('version')
        .execute<Array<{ version: number }>>('all', false);
      const versions = rows.map((r) => r.version).sort((a, b) => a - b);
      if (versions.length) await em.nativeDelete(ModelArtifactChunkEntity, { version: { $in: versions } });
      return versions;
    });
  }

  async active(): Promise<ModelVersionInfo | null> {
    const row = await this.em().findOne(ModelVersionEntity, { status: ACTIVE });
    return row && toModelVersionInfo(row);
  }

  /** Newest first. */
  async list(limit: number, before: number | null = null): Promise<ModelVersionInfo[]> {
    const where = before === null ? {} : { version: { $lt: before } };
    return (await this.em().find(ModelVersionEntity, where, { orderBy: { version: 'desc' }, limit })).map(toModelVersionInfo);
  }

  /** The artifact's stored chunks, in order (artifactParts on this store's EntityManager). */
  parts(version: number): AsyncGenerator<Buffer> {
    return artifactParts(this.em(), version);
  }
}

/** Held for the rest of the transaction: no other change of the ACTIVE version runs meanwhile (no ORM form for it). */
async function lockVersionChanges(em: EntityManager): Promise<void> {
  await query(em, `select pg_advisory_xact_lock(?)`, [VERSION_CHANGE_LOCK]);
}

/** Tells every listening API process, when the transaction commits. */
async function notifyActivated(em: EntityManager, version: number): Promise<void> {
  await query(em, `select pg_notify(?, ?)`, [MODEL_ACTIVATED_CHANNEL, String(version)]);
}

/**
 * The artifact's chunks in order, a few per query so no single result is huge; through the ORM's
 * connection or a plain pg one (a worker thread has no ORM).
 */
export async function* artifactParts(db: SqlClient, version: number): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq += CHUNKS_PER_READ) {
    const rows = await query<{ data: Buffer }>(
      db,
      `select data from model_artifact_chunk where version = ? and seq >= ? order by seq limit ${CHUNKS_PER_READ}`,
      [version, seq],
    );
    for (const row of rows) yield row.data;
    if (rows.length < CHUNKS_PER_READ) return;
  }
}
