import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig, OrmOptions } from './orm-config';

export type Orm = MikroORM;

export async function initOrm(o: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(o));
}

export async function migrate(orm: Orm): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}
