import { z } from 'zod';
import type { AuditQuery } from './audit-store.ts';
import { auditKinds } from './record.ts';

const isoTime = z.iso.datetime({ offset: true, message: 'an ISO time, e.g. 2026-01-04T10:00:00Z' });

/** `GET /api/audit` filters, from the query string. */
export const auditQuerySchema = z.strictObject({
  kind: z.enum(auditKinds).optional(),
  environment: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  risk: z.enum(['read', 'write', 'destructive']).optional(),
  outcome: z.enum(['succeeded', 'failed', 'refused', 'cancelled', 'interrupted']).optional(),
  runId: z.string().min(1).optional(),
  incidentId: z.string().min(1).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
}) satisfies z.ZodType<AuditQuery, unknown>;
