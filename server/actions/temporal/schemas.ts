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
