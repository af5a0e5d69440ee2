import { actions, describeAction } from '../../server/actions/registry.ts';

/**
 * A value for each required input that the schema accepts, so a test can change one input at a
 * time and know that whatever is refused is refused because of that input. None of them names an
 * object that exists, and no run here is ever confirmed: nothing is changed on the test servers.
 */
export const acceptedValues: Record<string, unknown> = {
  workflowId: 'order-fulfillment-ORD-HOSTILE',
  queryType: 'getStatus',
  workflowType: 'OrderFulfillmentWorkflow',
  signalName: 'waveAssigned',
  taskQueue: 'orchestrator-queue',
  query: 'WorkflowType="NoSuchWorkflowType"',
  database: 'wes_db',
  collection: 'task_routes',
  keys: { sku: 1 },
  opid: 123456,
  pod: 'no-such-pod',
  name: 'no-such-object',
  service: 'no-such-service',
  replicas: 1,
  container: 'app',
};

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  required?: string[];
}

/** Inputs that are optional one by one but of which an action needs one. */
const oneOf: Record<string, Record<string, unknown>> = {
  'kubernetes.pods.logs': { selector: 'app=no-such-app' },
  'kubernetes.deployment.setResources': { limits: { memory: '1Gi' } },
};

/** The smallest input each action accepts: its required inputs only. */
export function minimalInput(actionId: string): Record<string, unknown> {
  const schema = inputSchema(actionId);
  return {
    ...Object.fromEntries((schema.required ?? []).map((key) => [key, acceptedValues[key]])),
    ...oneOf[actionId],
  };
}

/** Every place a string goes in an action's input: `workflowId`, `grep.pattern`, `eventTypes[]`… */
export function stringPaths(actionId: string): string[][] {
  const paths: string[][] = [];
  const walk = (schema: JsonSchema, path: string[]) => {
    const types = schema.type ? [schema.type] : (schema.anyOf ?? []).map((inner) => inner.type);
    if (types.includes('string')) paths.push(path);
    for (const [key, inner] of Object.entries(schema.properties ?? {})) walk(inner, [...path, key]);
    if (schema.items) walk(schema.items, [...path, '0']);
  };
  walk(inputSchema(actionId), []);
  return paths;
}

/** A copy of `input` with `value` at `path` (array indexes as digits). */
export function withValue(input: Record<string, unknown>, path: string[], value: unknown) {
  const copy = structuredClone(input);
  let node: Record<string, unknown> = copy;
  path.forEach((key, index) => {
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[index + 1]!);
    node[key] ??= nextIsIndex ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
  return copy;
}

function inputSchema(actionId: string): JsonSchema {
  const action = actions.find((candidate) => candidate.id === actionId)!;
  return describeAction(action).input as JsonSchema;
}
