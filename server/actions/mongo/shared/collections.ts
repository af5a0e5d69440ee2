import { ActionError } from '../../../errors.ts';
import type { MongoSession } from '../../../targets/mongo.ts';

const LISTED = 20;

/**
 * Fails with not_found, listing what the database does hold, when the collection does not exist:
 * MongoDB would otherwise answer an index or stats request with an empty result, or create the
 * collection on the spot for a new index, and a typo would go unnoticed.
 */
export async function requireCollection(
  session: MongoSession,
  database: string,
  collection: string,
): Promise<void> {
  const names = (
    await session.client
      .db(database)
      .listCollections({}, { nameOnly: true, authorizedCollections: true, signal: session.signal })
      .toArray()
  )
    .map((info) => info.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
  if (names.includes(collection)) return;
  const listed =
    names.length === 0
      ? `Database ${database} has no collections: check the database name.`
      : `Collections in ${database}: ${names.slice(0, LISTED).join(', ')}${names.length > LISTED ? `, and ${names.length - LISTED} more` : ''}.`;
  throw new ActionError('not_found', `Collection ${database}.${collection} does not exist.`, {
    hint: `Names are case-sensitive. ${listed}`,
  });
}
