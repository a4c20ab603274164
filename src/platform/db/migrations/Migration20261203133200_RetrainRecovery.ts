import { Migration } from '@mikro-orm/migrations';

export class Migration20261203133200_RetrainRecovery extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "retrain_job" add column "owner" varchar(200) null, add column "heartbeat_at" timestamptz null;`);
    this.addSql(`alter table "model_version" add column "artifact_pruned_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "retrain_job" drop column "owner", drop column "heartbeat_at";`);
    this.addSql(`alter table "model_version" drop column "artifact_pruned_at";`);
  }

}
