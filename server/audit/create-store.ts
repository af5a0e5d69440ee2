import type { Config } from '../config.ts';
import type { AuditStore } from './audit-store.ts';
import { createMongoAuditStore } from './mongo-store.ts';
import { createSqliteAuditStore } from './sqlite-store.ts';

/** The configured audit store. */
export function createAuditStore(config: Config['audit']): AuditStore {
  if (config.store === 'mongodb') {
    return createMongoAuditStore({ uri: config.mongoUri!, database: config.mongoDatabase });
  }
  return createSqliteAuditStore(config.sqlitePath);
}
