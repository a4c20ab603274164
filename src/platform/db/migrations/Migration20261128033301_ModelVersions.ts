import { Migration } from '@mikro-orm/migrations';

export class Migration20261128033301_ModelVersions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "model_version_status" as enum ('ACTIVE', 'RETIRED');`);
    this.addSql(`create type "retrain_trigger" as enum ('SCHEDULED', 'MANUAL', 'STARTUP', 'CLI');`);
    this.addSql(`create type "retrain_job_status" as enum ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');`);
    this.addSql(`create table "model_version" ("version" serial primary key, "kind" varchar(50) not null, "status" "model_version_status" not null, "trigger" "retrain_trigger" not null, "trained_at" timestamptz not null, "window_days" int not null, "num_products" int not null, "num_users" int not null, "num_interactions" int not null, "training_duration_ms" int not null, "artifact_bytes" bigint not null);`);
    this.addSql(`create unique index "model_version_one_active" on "model_version" ((true)) where "status" = 'ACTIVE';`);

    this.addSql(`create table "model_artifact_chunk" ("version" int not null, "seq" int not null, "data" bytea not null, constraint "model_artifact_chunk_pkey" primary key ("version", "seq"));`);

    this.addSql(`create table "retrain_job" ("id" bigserial primary key, "status" "retrain_job_status" not null, "trigger" "retrain_trigger" not null, "days" int not null, "queued_at" timestamptz not null default now(), "started_at" timestamptz null, "finished_at" timestamptz null, "error" text null, "model_version" int null);`);
    this.addSql(`create index "retrain_job_queued_at_index" on "retrain_job" ("queued_at");`);
    this.addSql(`create unique index "retrain_job_one_pending" on "retrain_job" ((true)) where "status" in ('QUEUED', 'RUNNING');`);

    this.addSql(`alter table "model_artifact_chunk" add constraint "model_artifact_chunk_version_foreign" foreign key ("version") references "model_version" ("version") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "model_artifact_chunk" drop constraint "model_artifact_chunk_version_foreign";`);

    this.addSql(`drop table if exists "model_version" cascade;`);

    this.addSql(`drop table if exists "model_artifact_chunk" cascade;`);

    this.addSql(`drop table if exists "retrain_job" cascade;`);

    this.addSql(`drop type "model_version_status";`);
    this.addSql(`drop type "retrain_trigger";`);
    this.addSql(`drop type "retrain_job_status";`);
  }

}
