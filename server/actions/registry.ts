import { z } from 'zod';
import type { Action } from './define-action.ts';
import describeWorkflow from './temporal/describe-workflow.ts';

/** Every action Runsheet can run. One list: a test checks every action file is in it. */
export const actions: readonly Action[] = [describeWorkflow];

const byId = new Map(actions.map((action) => [action.id, action]));

export function findAction(id: string): Action | undefined {
  return byId.get(id);
}

/** The public description of an action: what GET /api/actions serves and the Run form is built from. */
export function describeAction(action: Action) {
  return {
    id: action.id,
    title: action.title,
    summary: action.summary,
    risk: action.risk,
    input: z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }),
  };
}
