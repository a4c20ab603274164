import { Migration } from '@mikro-orm/migrations';

export class Migration20261203133100_IdempotencyKeys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_key" ("user_id" bigint not null, "key" varchar(200) not null, "operation" varchar(50) not null, "fingerprint" varchar(64) not null, "result_id" text null, "created_at" timestamptz not null default now(), constraint "idempotency_key_pkey" primary key ("user_id", "key"));`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }

}
