import type { Preview } from '../actions/types.ts';
import { requestApproval, useApproval } from '../approvals/approvals.ts';
import { redactSecrets } from '../audit/redact.ts';
import { ActionError } from '../errors.ts';
import { adhocNeedsSecondPerson } from '../notebook/adhoc-policy.ts';
import type { ExecutionStage } from './run-types.ts';

/**
 * Two-person rule, for destructive runs where it is on, and for every ad-hoc write or destructive
 * run: the first attempt files a request; the approved request is then used once.
 */
export const secondPersonApproved: ExecutionStage = async function secondPersonApproved(
  { audit, environment, policy },
  { actor },
  { action, input, request, preview },
) {
  const adhoc = request.incidentId !== undefined && adhocNeedsSecondPerson(action.risk);
  if (!adhoc && (action.risk !== 'destructive' || !policy.twoPersonRule)) return;
  // The risk gate made one: destructive actions always preview.
  const shown = preview!;
  if (request.approvalId) {
    await useApproval(audit, environment, actor, request.approvalId, { action: action.id, input });
    return;
  }
  const approval = await requestApproval(audit, environment, actor, {
    action: action.id,
    input: redactSecrets(input),
    reason: request.reason ?? null,
    preview: redactSecrets(shown) as Preview,
    incidentId: request.incidentId ?? null,
  });
  throw new ActionError(
    'approval_required',
    `${adhoc ? 'An ad-hoc change' : environment} needs a second admin to approve this: request ${approval.id} is waiting.`,
    {
      hint: `Ask another admin to approve ${approval.id} on the audit page, then run the step again with "approvalId": "${approval.id}".`,
      preview: shown,
      approvalId: approval.id,
    },
  );
};
