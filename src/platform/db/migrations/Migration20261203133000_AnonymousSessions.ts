import { Migration } from '@mikro-orm/migrations';

export class Migration20261203133000_AnonymousSessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "interaction" alter column "user_id" drop not null, add column "anonymous_id" varchar(200) null;`);
    this.addSql(`alter table "interaction" add constraint "interaction_user_or_anonymous" check ("user_id" is not null or "anonymous_id" is not null);`);
    this.addSql(`create index "interaction_anonymous_id_created_at_index" on "interaction" ("anonymous_id", "created_at") where "anonymous_id" is not null;`);
    this.addSql(`alter table "interaction" drop constraint "interaction_event_id_unique";`);
    this.addSql(`create unique index "interaction_scope_event_id_unique" on "interaction" ((coalesce('anon:' || "anonymous_id", "user_id"::text)), "event_id") where "event_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "interaction_scope_event_id_unique";`);
    this.addSql(`delete from "interaction" where "user_id" is null;`);
    this.addSql(`update "interaction" i set "event_id" = null where "event_id" is not null and exists (select 1 from "interaction" o where o."event_id" = i."event_id" and o."id" < i."id");`);
    this.addSql(`alter table "interaction" add constraint "interaction_event_id_unique" unique ("event_id");`);
    this.addSql(`drop index "interaction_anonymous_id_created_at_index";`);
    this.addSql(`alter table "interaction" drop constraint "interaction_user_or_anonymous";`);
    this.addSql(`alter table "interaction" drop column "anonymous_id", alter column "user_id" set not null;`);
  }

}
