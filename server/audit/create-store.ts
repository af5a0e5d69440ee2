import type { Config } from '../config.ts';
import type { AuditStore } from './audit-store.ts';
import { createSqliteAuditStore } from './sqlite-store.ts';

/** The configured audit store. */
export function createAuditStore(config: Config['audit']): AuditStore {
  return createSqliteAuditStore(config.sqlitePath);
}
