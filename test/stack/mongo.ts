import { MongoClient, type MongoClientOptions } from 'mongodb';
import { ConnectionString } from 'mongodb-connection-string-url';
import { seedWesDb } from '../../sandbox/mongo/wes-db.ts';
import { startFerretDb } from './servers.ts';

/** What integration tests get: a server that speaks the MongoDB protocol, with wes_db seeded. */
export interface TestMongo {
  /** Connection string without credentials. */
  uri: string;
  /** `host:port`, as Runsheet's messages name it. */
  address: string;
  username: string | undefined;
  password: string | undefined;
  authSource: string;
  /** Which server it is: the tests expect "not supported" answers from FerretDB. */
  product: 'FerretDB' | 'MongoDB';
  version: string;
}

export interface MongoServer {
  mongo: TestMongo;
  stop(): Promise<void>;
}

/**
 * FerretDB started for this run, or, when MONGODB_URI is set, that server (a real MongoDB, to run
 * the same suite against it). MONGODB_URI must name a disposable server: the suite replaces
 * wes_db.task_routes and creates collections in wes_db.
 */
export async function startMongo(): Promise<MongoServer> {
  const given = process.env['MONGODB_URI'];
  if (given) {
    const uri = new ConnectionString(given);
    const username = decodeURIComponent(uri.username) || undefined;
    const password = decodeURIComponent(uri.password) || undefined;
    uri.username = '';
    uri.password = '';
    const authSource = uri.searchParams.get('authSource') ?? 'admin';
    const address = uri.hosts
      .map((host) => (/:\d+$/.test(host) ? host : `${host}:27017`))
      .join(',');
    const mongo = await describe({ uri: uri.toString(), address, username, password, authSource });
    return { mongo, stop: async () => undefined };
  }
  const ferretdb = await startFerretDb();
  try {
    const mongo = await describe({
      uri: `mongodb://${ferretdb.address}/`,
      address: ferretdb.address,
      username: ferretdb.username,
      password: ferretdb.password,
      authSource: ferretdb.authSource,
    });
    return { mongo, stop: ferretdb.stop };
  } catch (error) {
    await ferretdb.stop();
    throw error;
  }
}

/** A driver client for test set-up, logged in like Runsheet will be. */
export function testClient(
  mongo: Omit<TestMongo, 'product' | 'version'>,
  options: MongoClientOptions = {},
): MongoClient {
  return new MongoClient(mongo.uri, {
    ...options,
    ...(mongo.username
      ? { auth: { username: mongo.username, password: mongo.password ?? '' } }
      : {}),
    authSource: mongo.authSource,
    serverSelectionTimeoutMS: 5_000,
  });
}

async function describe(mongo: Omit<TestMongo, 'product' | 'version'>): Promise<TestMongo> {
  const client = testClient(mongo);
  try {
    await seedWesDb(client);
    const info = await client.db('admin').command({ buildInfo: 1 });
    const ferretdb = info['ferretdbVersion'];
    return typeof ferretdb === 'string'
      ? { ...mongo, product: 'FerretDB', version: ferretdb.replace(/^v/, '') }
      : { ...mongo, product: 'MongoDB', version: String(info['version']) };
  } finally {
    await client.close();
  }
}
