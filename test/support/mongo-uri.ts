import type { TestMongo } from '../stack/mongo.ts';

/** The test server's connection string with its credentials, as a RUNSHEET_*_URI setting would hold it. */
export function mongoUriWithCredentials(mongo: TestMongo): string {
  const url = new URL(mongo.uri);
  if (mongo.username) url.username = encodeURIComponent(mongo.username);
  if (mongo.password) url.password = encodeURIComponent(mongo.password);
  url.searchParams.set('authSource', mongo.authSource);
  return url.toString();
}
