import { MongoClient } from 'mongodb';

/** The MongoDB (FerretDB) server of the scheduler's databases. */
export const MONGO_SERVER = process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27017/test';

/** Drops the database of `url`; a server that does not answer within 2 s is left alone. */
export async function dropMongoDatabase(url: string): Promise<void> {
  const mongo = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
  await mongo.connect().then(() => mongo.db().dropDatabase()).catch(() => undefined);
  await mongo.close();
}
