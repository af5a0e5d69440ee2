import { orderWorkflowId } from '../../sandbox/shared.ts';
import type { StepManifest } from '../../server/steps/declared-steps.ts';

/**
 * A manifest with one step, `temporal.workflow.describe` of an order's workflow: in `any` mode the
 * trail names a run's page and step only when the run is a step of the manifest as written.
 */
export function describeStepManifest(page: string, id: string): StepManifest {
  return {
    version: 'test-runbooks',
    steps: [
      {
        page,
        id,
        action: 'temporal.workflow.describe',
        args: { workflowId: orderWorkflowId('{orderId}') },
        params: ['orderId'],
        command: null,
      },
    ],
  };
}
