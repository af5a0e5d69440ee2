import type { WorkflowDescription } from '../../../../../server/actions/temporal/shared/workflow.ts';
import { jsonView } from './json.ts';
import { workflowDescriptionView } from './workflow-description.ts';

/** The view for each action's result; actions without one are shown as JSON. */
const views: Record<string, (result: never) => HTMLElement> = {
  'temporal.workflow.describe': (result: WorkflowDescription) => workflowDescriptionView(result),
};

export function viewFor(action: string, result: unknown): HTMLElement {
  const view = views[action] as ((result: unknown) => HTMLElement) | undefined;
  return view ? view(result) : jsonView(result);
}
