import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { eventTypeName, fetchHistoryJson, readableEvent } from './shared/history.ts';
import { execution } from './shared/schemas.ts';

export default defineAction({
  id: 'temporal.workflow.history',
  title: 'Workflow history',
  summary:
    "A workflow's event history: filtered by event type or by text in the events, with the total count, or the whole history as `temporal workflow show --output json` prints it.",
  risk: 'read',
  input: z.strictObject({
    ...execution,
    eventTypes: z
      .array(
        z
          .string()
          .trim()
          .max(100, 'an event type has at most 100 characters')
          .regex(/^[A-Za-z_]+$/, 'an event type is a name like ActivityTaskFailed'),
      )
      .max(50)
      .default([])
      .describe('Keep only these event types, e.g. ActivityTaskFailed, WorkflowExecutionSignaled'),
    search: z
      .string()
      .max(500)
      .optional()
      .describe('Keep only events whose attributes contain this text (any case)'),
    format: z
      .enum(['events', 'cli-json'])
      .default('events')
      .describe(
        'events: readable, filtered; cli-json: the whole history as the temporal CLI prints it',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(50_000)
      .default(1_000)
      .describe('At most this many events in the answer'),
  }),
  run: (ctx, { workflowId, runId, eventTypes, search, format, limit }) =>
    ctx.targets.temporal.call(ctx, async (client) => {
      const history = await fetchHistoryJson(client, workflowId, runId);
      const totalEvents = history.events.length;
      if (format === 'cli-json') return { workflowId, totalEvents, history };

      const wanted = new Set(eventTypes.map((type) => eventTypeName(type).toLowerCase()));
      const needle = search?.toLowerCase();
      const matching = history.events
        .map(readableEvent)
        .filter((event) => wanted.size === 0 || wanted.has(event.eventType.toLowerCase()))
        .filter(
          (event) => !needle || JSON.stringify(event.attributes).toLowerCase().includes(needle),
        );
      return {
        workflowId,
        totalEvents,
        matchedEvents: matching.length,
        truncated: matching.length > limit,
        events: matching.slice(0, limit),
      };
    }),
});
