import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { Preview } from '../actions/types.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import {
  canonicalJson,
  sha256,
  eventEntry,
  type AuditEntry,
  type AuditRecord,
} from '../audit/record.ts';
import { ActionError } from '../errors.ts';

/**
 * The two-person rule: a destructive run is requested by one admin, approved by another, then run
 * once by the first. Requests, approvals and their use are records of the audit trail itself.
 */
const APPROVAL_ACTION = 'runsheet.approval';
const VALID_FOR_MS = 30 * 60_000;

export interface Approval {
  id: string;
  action: string;
  input: unknown;
  reason: string | null;
  preview: unknown;
  requestedBy: string;
  requestedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  usedAt: string | null;
  expiresAt: string;
}

const digest = (action: string, input: unknown) => sha256(canonicalJson({ action, input }));

function approvalEntry(
  kind: AuditEntry['kind'],
  id: string,
  actor: Actor,
  environment: string,
  input: unknown,
): AuditEntry {
  return eventEntry({
    kind,
    id,
    actor: actor.id,
    environment,
    action: APPROVAL_ACTION,
    risk: 'destructive',
    input,
  });
}

export async function listApprovals(audit: AuditStore, environment: string): Promise<Approval[]> {
  const records = (await audit.list({ action: APPROVAL_ACTION, limit: 1000 })).filter(
    (record) => record.environment === environment,
  );
  const latest = (kind: AuditRecord['kind']) =>
    new Map(
      records.filter((record) => record.kind === kind).map((record) => [record.runId, record]),
    );
  const granted = latest('approval.granted');
  const used = latest('approval.used');
  return records
    .filter((record) => record.kind === 'approval.requested')
    .map((requested) => {
      const request = requested.input as {
        action: string;
        input: unknown;
        reason: string | null;
        preview: unknown;
      };
      return {
        id: requested.runId,
        action: request.action,
        input: request.input,
        reason: request.reason,
        preview: request.preview,
        requestedBy: requested.actor,
        requestedAt: requested.at,
        approvedBy: granted.get(requested.runId)?.actor ?? null,
        approvedAt: granted.get(requested.runId)?.at ?? null,
        usedAt: used.get(requested.runId)?.at ?? null,
        expiresAt: new Date(Date.parse(requested.at) + VALID_FOR_MS).toISOString(),
      };
    });
}

export async function requestApproval(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  run: { action: string; input: unknown; reason: string | null; preview: Preview },
): Promise<Approval> {
  const id = `APR-${randomUUID().slice(0, 8).toUpperCase()}`;
  await audit.append(
    approvalEntry('approval.requested', id, actor, environment, {
      ...run,
      digest: digest(run.action, run.input),
    }),
  );
  return (await listApprovals(audit, environment)).find((approval) => approval.id === id)!;
}

async function find(audit: AuditStore, environment: string, id: string): Promise<Approval> {
  const approval = (await listApprovals(audit, environment)).find(
    (candidate) => candidate.id === id,
  );
  if (!approval)
    throw new ActionError('not_found', `There is no approval request ${id} in ${environment}.`);
  if (Date.parse(approval.expiresAt) < Date.now()) {
    throw new ActionError(
      'precondition_failed',
      `Approval ${id} expired at ${approval.expiresAt}.`,
      {
        hint: 'Run the step again to request a new approval.',
      },
    );
  }
  return approval;
}

export async function grantApproval(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  id: string,
): Promise<Approval> {
  const approval = await find(audit, environment, id);
  if (approval.requestedBy === actor.id) {
    throw new ActionError(
      'permission_denied',
      `${actor.id} requested ${id}: a different admin must approve it.`,
    );
  }
  if (approval.approvedBy)
    throw new ActionError(
      'precondition_failed',
      `${id} was already approved by ${approval.approvedBy}.`,
    );
  await audit.append(
    approvalEntry('approval.granted', id, actor, environment, { action: approval.action }),
  );
  return { ...approval, approvedBy: actor.id, approvedAt: new Date().toISOString() };
}

/** Checks the approval covers exactly this run by this person, and spends it. */
export async function useApproval(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  id: string,
  run: { action: string; input: unknown },
): Promise<Approval> {
  const approval = await find(audit, environment, id);
  if (approval.requestedBy !== actor.id) {
    throw new ActionError(
      'permission_denied',
      `${id} was requested by ${approval.requestedBy}; only they can use it.`,
    );
  }
  if (!approval.approvedBy) {
    throw new ActionError(
      'approval_required',
      `${id} is still waiting for a second admin's approval.`,
      {
        hint: 'Ask another admin to approve it on the audit page, then run the step again.',
        approvalId: id,
      },
    );
  }
  if (approval.usedAt)
    throw new ActionError('precondition_failed', `${id} was already used at ${approval.usedAt}.`);
  if (digest(approval.action, approval.input) !== digest(run.action, run.input)) {
    throw new ActionError(
      'precondition_failed',
      `${id} approves a different ${approval.action} than this one.`,
      {
        hint: 'An approval covers the exact action and input that were requested.',
      },
    );
  }
  await audit.append(
    approvalEntry('approval.used', id, actor, environment, { action: run.action }),
  );
  return approval;
}
