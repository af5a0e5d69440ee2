import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { visibilityQuerySchema } from './shared/schemas.ts';

export default defineAction({
  id: 'temporal.workflow.count',
  title: 'Count workflows',
  summary:
    'How many workflows match a visibility query (with GROUP BY ExecutionStatus, per status).',
  risk: 'read',
  input: z.strictObject({ query: visibilityQuerySchema.default('') }),
  run: (ctx, { query }) =>
    ctx.targets.temporal.call(ctx, async (client) => {
      const { count, groups } = await client.workflow.count(query || undefined);
      return {
        query,
        count,
        groups: groups.map((group) => ({ values: group.groupValues, count: group.count })),
      };
    }),
});
