import { z } from 'zod';

/** Inputs shared by the Temporal actions, so every action describes them the same way. */

export const workflowIdSchema = z
  .string()
  .trim()
  .min(1, 'enter a workflow ID')
  .max(1000)
  .describe('Workflow ID, e.g. order-fulfillment-ORD-12345');

export const runIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f-]{36}$/i, 'a run ID is a UUID, e.g. 3b1c7e5e-8a3d-4f5e-9c1d-2a6b8e0f4d21')
  .describe('Run ID; leave empty for the latest run');

/** One workflow execution: its ID, and optionally the run. */
export const execution = {
  workflowId: workflowIdSchema,
  runId: runIdSchema.optional(),
};

export const visibilityQuerySchema = z
  .string()
  .trim()
  .max(2000)
  .refine((query) => !/[\r\n\0]/.test(query), 'a visibility query is one line')
  .describe(
    'Visibility query, e.g. WorkflowType="OrderFulfillmentWorkflow" AND ExecutionStatus="Running"',
  );

export const nameSchema = (what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `enter the ${what}`)
    .max(255)
    .regex(/^[\w.\-:/]+$/, `a ${what} has letters, digits and . _ - : / only`)
    .describe(`${what[0]!.toUpperCase()}${what.slice(1)}, e.g. ${example}`);

/** A JSON value given as a workflow or signal argument. */
export const jsonArgumentSchema = z
  .json()
  .describe('JSON value, e.g. {"waveId":"WAVE-001","scheduledStart":"2026-01-04T10:00:00Z"}');
