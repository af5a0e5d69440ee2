import type { Action, ActionContext } from '../actions/define-action.ts';
import type { Preview } from '../actions/types.ts';
import { ActionError } from '../errors.ts';

/**
 * Reads run at once. A write needs `confirm: true`; a destructive action also a reason.
 * Without them the answer is 409 with the preview, so the person sees exactly what would happen.
 */
export async function riskGate(
  action: Action,
  ctx: ActionContext,
  input: unknown,
  confirm: boolean,
): Promise<Preview | null> {
  if (action.risk === 'read') return null;
  if (!action.preview) throw new Error(`${action.id} is ${action.risk} but has no preview`);
  const preview = await action.preview(ctx, input);
  if (preview.blocked) {
    throw new ActionError('precondition_failed', preview.blocked, { preview });
  }
  if (!confirm) {
    throw new ActionError('confirmation_required', `Confirm to ${lowerFirst(preview.summary)}`, {
      hint: 'Review the preview, then send the same request with "confirm": true.',
      preview,
    });
  }
  if (action.risk === 'destructive' && !ctx.reason) {
    throw new ActionError(
      'confirmation_required',
      `${action.title} is destructive: give a reason to ${lowerFirst(preview.summary)}`,
      {
        hint: 'Send the same request with "confirm": true and a "reason" (e.g. the incident ticket); it is recorded with the run.',
        preview,
      },
    );
  }
  return preview;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
