import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import type { AuditStore } from './audit-store.ts';
import { parseMacKeys, type MacKeys } from './mac-keys.ts';
import { createMongoAuditStore } from './mongo-store.ts';
import { createSqliteAuditStore } from './sqlite-store.ts';

/** The configured audit store. Throws a MacKeyError when the key file cannot be used. */
export function createAuditStore(config: Config['audit']): AuditStore {
  const keys = configuredKeys(config);
  const { headFile } = config;
  if (config.store === 'mongodb') {
    // The config schema refuses a mongodb store without a key: replicas must share one.
    return createMongoAuditStore({
      uri: config.mongoUri!,
      database: config.mongoDatabase,
      keys: keys!,
      headFile,
    });
  }
  return createSqliteAuditStore(config.sqlitePath, { ...(keys ? { keys } : {}), headFile });
}

/** The configured keys; undefined leaves the SQLite store to its generated key file. */
function configuredKeys({ macKey, macKeyFile }: Config['audit']): MacKeys | undefined {
  if (macKey) return parseMacKeys(macKey, 'audit.macKey (RUNSHEET_AUDIT_MAC_KEY)');
  if (macKeyFile) return parseMacKeys(readFileSync(macKeyFile, 'utf8'), macKeyFile);
  return undefined;
}
