import { Migration } from '@mikro-orm/migrations';

export class Migration20261203140000_ApiKeys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "api_key_role" as enum ('admin', 'service');`);
    this.addSql(`create table "api_key" ("id" bigserial primary key, "name" varchar(200) not null, "role" "api_key_role" not null, "prefix" varchar(20) not null, "secret_hash" varchar(64) not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop type "api_key_role";`);
  }

}
