import { Migration } from '@mikro-orm/migrations';

export class Migration20261203125314_ModelEvaluation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "model_version_status" add value if not exists 'REJECTED' after 'RETIRED';`);

    this.addSql(`alter table "model_version" add column "evaluation" jsonb null, add column "evaluation_skipped_reason" text null, add column "promotion_reason" text null, add column "rejection_reason" text null;`);

    this.addSql(`alter type "retrain_job_status" add value if not exists 'REJECTED' after 'FAILED';`);

    this.addSql(`alter table "retrain_job" add column "rejection_reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "model_version" drop column "evaluation", drop column "evaluation_skipped_reason", drop column "promotion_reason", drop column "rejection_reason";`);

    this.addSql(`alter table "retrain_job" drop column "rejection_reason";`);
  }

}
