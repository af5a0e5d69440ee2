import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { execution, jsonArgumentSchema, nameSchema } from './shared/schemas.ts';

export default defineAction({
  id: 'temporal.workflow.query',
  title: 'Query workflow',
  summary:
    'Asks a workflow for its state through a query handler (e.g. getStatus), or for __stack_trace to see where it is blocked.',
  risk: 'read',
  input: z.strictObject({
    ...execution,
    queryType: nameSchema('query type', 'getStatus'),
    args: z
      .array(jsonArgumentSchema)
      .max(20)
      .default([])
      .describe('Query arguments, as JSON values'),
  }),
  run: (ctx, { workflowId, runId, queryType, args }) =>
    ctx.targets.temporal.call(ctx, async (client) => {
      const result: unknown = await client.workflow
        .getHandle(workflowId, runId)
        .query(queryType, ...args);
      return { workflowId, queryType, result };
    }),
});
