import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { Preview } from '../actions/types.ts';
import { findAction } from '../actions/registry.ts';
import type { IdentityConfig, PolicyConfig } from '../auth/auth-config.ts';
import { decide, scopeOf } from '../auth/policy.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { appendEvent, listEvents } from '../audit/events.ts';
import { canonicalJson, sha256, type AuditEvent } from '../audit/record.ts';
import { ActionError } from '../errors.ts';
import type { Targets } from '../targets/targets.ts';

/**
 * The two-person rule: a destructive run is requested by one admin, approved by another, then run
 * once by the first. Requests, approvals and their use are events of the audit trail itself.
 */
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
  /** The incident an ad-hoc run that asked for it is attached to (its timeline shows it). */
  incidentId: string | null;
}

/** What approving checks the approver against: the same policy a run of theirs would meet. */
export interface ApprovalAccess {
  targets: Pick<Targets, 'temporal' | 'kubernetes'>;
  identity: IdentityConfig;
  policy: PolicyConfig;
}

const approvalKinds = ['approval.requested', 'approval.granted', 'approval.used'] as const;
type ApprovalEvent = AuditEvent<(typeof approvalKinds)[number]>;

const digest = (action: string, input: unknown) => sha256(canonicalJson({ action, input }));

/** Every approval request in this environment, newest first. */
export async function listApprovals(audit: AuditStore, environment: string): Promise<Approval[]> {
  return toApprovals(await listEvents(audit, approvalKinds, { environment }));
}

function toApprovals(events: ApprovalEvent[]): Approval[] {
  // Newest first: the earliest grant and use of each request are the ones set last.
  const granted = new Map<string, ApprovalEvent>();
  const used = new Map<string, ApprovalEvent>();
  for (const event of events) {
    if (event.kind === 'approval.granted') granted.set(event.runId, event);
    if (event.kind === 'approval.used') used.set(event.runId, event);
  }
  return events.flatMap((event) => {
    if (event.kind !== 'approval.requested') return [];
    const { action, input, reason, preview } = event.input;
    return [
      {
        id: event.runId,
        action,
        input,
        reason,
        preview,
        requestedBy: event.actor,
        requestedAt: event.at,
        approvedBy: granted.get(event.runId)?.actor ?? null,
        approvedAt: granted.get(event.runId)?.at ?? null,
        usedAt: used.get(event.runId)?.at ?? null,
        expiresAt: new Date(Date.parse(event.at) + VALID_FOR_MS).toISOString(),
        incidentId: event.incidentId,
      },
    ];
  });
}

export async function requestApproval(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  {
    incidentId = null,
    ...run
  }: {
    action: string;
    input: unknown;
    reason: string | null;
    preview: Preview;
    incidentId?: string | null;
  },
): Promise<Approval> {
  const id = `APR-${randomUUID().slice(0, 8).toUpperCase()}`;
  const requested = await appendEvent(audit, {
    kind: 'approval.requested',
    id,
    actor,
    environment,
    payload: { ...run, digest: digest(run.action, run.input) },
    incidentId,
  });
  return toApprovals([requested])[0]!;
}

async function find(audit: AuditStore, environment: string, id: string): Promise<Approval> {
  const [approval] = toApprovals(await listEvents(audit, approvalKinds, { environment, id }));
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

/**
 * A second admin approves: someone other than the requester, who may run this very action on
 * this very input themselves (their grant's namespaces, the kill switches), once per request.
 */
export async function grantApproval(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  id: string,
  access: ApprovalAccess,
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
  authorizeApprover(actor, environment, approval, access);
  if (!(await audit.claim(`${environment}/${id}/granted`))) {
    throw new ActionError('precondition_failed', `${id} was just approved by another admin.`);
  }
  const granted = await appendEvent(audit, {
    kind: 'approval.granted',
    id,
    actor,
    environment,
    payload: { action: approval.action },
    incidentId: approval.incidentId,
  });
  return { ...approval, approvedBy: granted.actor, approvedAt: granted.at };
}

function authorizeApprover(
  actor: Actor,
  environment: string,
  approval: Approval,
  { targets, identity, policy }: ApprovalAccess,
): void {
  const action = findAction(approval.action);
  if (!action) {
    throw new ActionError(
      'precondition_failed',
      `${approval.id} requests ${approval.action}, which this Runsheet no longer has.`,
    );
  }
  const scope = scopeOf(action, approval.input, targets);
  const { allowed, reason } = decide({ actor, action, scope, environment }, identity, policy);
  if (!allowed) {
    throw new ActionError(
      'permission_denied',
      `${actor.id} cannot approve ${approval.id}: ${reason}`,
      {
        hint: 'An approver must be allowed to run the step themselves: ask an admin whose grant covers it.',
      },
    );
  }
}

/** Checks the approval covers exactly this run by this person, and spends it: once, ever. */
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
  const spent = {
    hint: 'An approval opens the gate once: run the step again to request a new one.',
  };
  if (approval.usedAt)
    throw new ActionError(
      'precondition_failed',
      `${id} was already used at ${approval.usedAt}.`,
      spent,
    );
  if (digest(approval.action, approval.input) !== digest(run.action, run.input)) {
    throw new ActionError(
      'precondition_failed',
      `${id} approves a different ${approval.action} than this one.`,
      {
        hint: 'An approval covers the exact action and input that were requested.',
      },
    );
  }
  // Checking `usedAt` above is not enough: runs racing with one id all see it unused. The claim
  // is the store's unique key, so exactly one of them gets past here.
  if (!(await audit.claim(`${environment}/${id}/used`))) {
    throw new ActionError('precondition_failed', `${id} was already used by another run.`, spent);
  }
  await appendEvent(audit, {
    kind: 'approval.used',
    id,
    actor,
    environment,
    payload: { action: run.action },
    incidentId: approval.incidentId,
  });
  return approval;
}
