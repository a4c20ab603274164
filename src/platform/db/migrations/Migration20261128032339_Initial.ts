import { Migration } from '@mikro-orm/migrations';

export class Migration20261128032339_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "interaction_type" as enum ('VIEW', 'ADD_TO_CART', 'PURCHASE', 'RATE');`);
    this.addSql(`create table "category" ("id" bigserial primary key, "name" varchar(200) not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "category" add constraint "category_name_unique" unique ("name");`);

    this.addSql(`create table "product" ("id" bigserial primary key, "sku" varchar(100) not null, "name" varchar(500) not null, "description" text null, "category_id" bigint not null, "price" numeric(12,2) not null, "gender" varchar(50) null, "color" varchar(50) null, "material" varchar(100) null, "size" varchar(50) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "product" add constraint "product_sku_unique" unique ("sku");`);
    this.addSql(`create index "product_category_id_id_index" on "product" ("category_id", "id");`);

    this.addSql(`create table "app_user" ("id" bigserial primary key, "email" varchar(320) not null, "name" varchar(200) null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "review" ("id" bigserial primary key, "user_id" bigint not null, "product_id" bigint not null, "rating" smallint not null, "comment" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "review_product_id_index" on "review" ("product_id");`);
    this.addSql(`alter table "review" add constraint "review_user_id_product_id_unique" unique ("user_id", "product_id");`);

    this.addSql(`create table "customer_order" ("id" bigserial primary key, "user_id" bigint not null, "total" numeric(14,2) not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "customer_order_user_id_created_at_index" on "customer_order" ("user_id", "created_at");`);

    this.addSql(`create table "order_item" ("id" bigserial primary key, "order_id" bigint not null, "product_id" bigint not null, "quantity" int not null, "unit_price" numeric(12,2) not null);`);
    this.addSql(`alter table "order_item" add constraint "order_item_order_id_product_id_unique" unique ("order_id", "product_id");`);

    this.addSql(`create table "interaction" ("id" bigserial primary key, "event_id" varchar(200) null, "user_id" bigint not null, "product_id" bigint not null, "type" "interaction_type" not null, "rating" smallint null, "session_id" varchar(200) null, "time_spent_seconds" int not null default 0, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "interaction" add constraint "interaction_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "interaction_created_at_index" on "interaction" ("created_at");`);
    this.addSql(`create index "interaction_product_id_type_index" on "interaction" ("product_id", "type");`);
    this.addSql(`create index "interaction_user_id_created_at_index" on "interaction" ("user_id", "created_at");`);

    this.addSql(`create table "cart_item" ("id" bigserial primary key, "user_id" bigint not null, "product_id" bigint not null, "quantity" int not null, "added_at" timestamptz not null default now());`);
    this.addSql(`alter table "cart_item" add constraint "cart_item_user_id_product_id_unique" unique ("user_id", "product_id");`);

    this.addSql(`alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "review" add constraint "review_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review" add constraint "review_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "customer_order" add constraint "customer_order_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order_item" add constraint "order_item_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order_item" add constraint "order_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "interaction" add constraint "interaction_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "interaction" add constraint "interaction_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "cart_item" add constraint "cart_item_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cart_item" add constraint "cart_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "product" drop constraint "product_category_id_foreign";`);

    this.addSql(`alter table "review" drop constraint "review_product_id_foreign";`);

    this.addSql(`alter table "order_item" drop constraint "order_item_product_id_foreign";`);

    this.addSql(`alter table "interaction" drop constraint "interaction_product_id_foreign";`);

    this.addSql(`alter table "cart_item" drop constraint "cart_item_product_id_foreign";`);

    this.addSql(`alter table "review" drop constraint "review_user_id_foreign";`);

    this.addSql(`alter table "customer_order" drop constraint "customer_order_user_id_foreign";`);

    this.addSql(`alter table "interaction" drop constraint "interaction_user_id_foreign";`);

    this.addSql(`alter table "cart_item" drop constraint "cart_item_user_id_foreign";`);

    this.addSql(`alter table "order_item" drop constraint "order_item_order_id_foreign";`);

    this.addSql(`drop table if exists "category" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "review" cascade;`);

    this.addSql(`drop table if exists "customer_order" cascade;`);

    this.addSql(`drop table if exists "order_item" cascade;`);

    this.addSql(`drop table if exists "interaction" cascade;`);

    this.addSql(`drop table if exists "cart_item" cascade;`);

    this.addSql(`drop type "interaction_type";`);
  }

}
