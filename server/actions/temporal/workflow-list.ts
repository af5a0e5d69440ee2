import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { workflowStatusName } from '../../targets/temporal-status.ts';
import { isoTime } from './shared/proto.ts';
import { visibilityQuerySchema } from './shared/schemas.ts';

export interface WorkflowListItem {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  taskQueue: string;
  startTime: string | null;
  closeTime: string | null;
  historyLength: number;
}

export default defineAction({
  id: 'temporal.workflow.list',
  title: 'List workflows',
  summary: 'Workflows matching a visibility query, newest first, a page at a time.',
  risk: 'read',
  input: z.strictObject({
    query: visibilityQuerySchema.default(''),
    limit: z.number().int().min(1).max(1000).default(50).describe('How many workflows per page'),
    pageToken: z
      .string()
      .max(4096)
      .regex(/^[A-Za-z0-9+/]+=*$/, 'pass the nextPageToken of the previous page unchanged')
      .optional()
      .describe('nextPageToken of the previous page'),
  }),
  run: (ctx, { query, limit, pageToken }) =>
    ctx.targets.temporal.call(ctx, async (client) => {
      const page = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query,
        pageSize: limit,
        nextPageToken: pageToken ? Buffer.from(pageToken, 'base64') : null,
      });
      const workflows: WorkflowListItem[] = (page.executions ?? []).map((info) => ({
        workflowId: info.execution?.workflowId ?? '',
        runId: info.execution?.runId ?? '',
        type: info.type?.name ?? '',
        status: workflowStatusName(info.status),
        taskQueue: info.taskQueue ?? '',
        startTime: isoTime(info.startTime),
        closeTime: isoTime(info.closeTime),
        historyLength: Number(info.historyLength ?? 0),
      }));
      const next = page.nextPageToken?.length
        ? Buffer.from(page.nextPageToken).toString('base64')
        : null;
      return { query, workflows, nextPageToken: next };
    }),
});
