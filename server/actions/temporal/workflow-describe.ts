import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { runIdSchema, workflowIdSchema } from './shared/schemas.ts';
import { describeExecution, type WorkflowDescription } from './shared/workflow.ts';

export default defineAction({
  id: 'temporal.workflow.describe',
  title: 'Describe workflow',
  summary:
    'Status, type, task queue, times, history size, pending activities and children of one workflow execution.',
  risk: 'read',
  input: z.strictObject({
    workflowId: workflowIdSchema,
    runId: runIdSchema.optional(),
  }),
  run: (ctx, { workflowId, runId }): Promise<WorkflowDescription> =>
    ctx.targets.temporal.call(ctx, (client) => describeExecution(client, workflowId, runId)),
});
