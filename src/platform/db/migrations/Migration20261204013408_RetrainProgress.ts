import { Migration } from '@mikro-orm/migrations';

export class Migration20261204013408_RetrainProgress extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "retrain_phase" as enum ('QUEUED', 'READING', 'EVALUATING', 'TRAINING', 'STORING', 'DONE');`);
    this.addSql(`alter table "retrain_job" add column "phase" "retrain_phase" not null default 'QUEUED', add column "progress" double precision not null default 0;`);
    // ::text: REJECTED may have been added to the enum in this same (all-migrations) transaction
    this.addSql(`update "retrain_job" set "phase" = 'DONE', "progress" = 1 where "status"::text in ('SUCCEEDED', 'REJECTED');`);
    // Every change of a job's state or progress, from any process (the API's runner or the retrain CLI),
    // is announced with the row itself (texts capped, so it stays under NOTIFY's 8000 bytes); each API
    // process publishes it as retrainJobUpdated. Heartbeats (heartbeat_at only) are not news.
    this.addSql(`create function "retrain_job_notify"() returns trigger language plpgsql as $$
begin
  perform pg_notify('retrain_job_updated', json_build_object(
    'id', new.id::text, 'status', new.status, 'trigger', new.trigger, 'days', new.days,
    'queued_at', new.queued_at, 'started_at', new.started_at, 'finished_at', new.finished_at,
    'error', left(new.error, 2000), 'model_version', new.model_version, 'rejection_reason', left(new.rejection_reason, 2000),
    'heartbeat_at', new.heartbeat_at, 'phase', new.phase, 'progress', new.progress)::text);
  return null;
end $$;`);
    this.addSql(`create trigger "retrain_job_updated" after insert or update of "status", "phase", "progress" on "retrain_job" for each row execute function "retrain_job_notify"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "retrain_job_updated" on "retrain_job";`);
    this.addSql(`drop function "retrain_job_notify"();`);
    this.addSql(`alter table "retrain_job" drop column "phase", drop column "progress";`);

    this.addSql(`drop type "retrain_phase";`);
  }

}
