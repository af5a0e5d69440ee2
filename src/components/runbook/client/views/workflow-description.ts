import type { WorkflowDescription } from '../../../../../server/actions/results.ts';
import { h, time, type Child } from '../dom.ts';

const statusTone: Record<string, string> = {
  RUNNING: 'running',
  COMPLETED: 'ok',
  FAILED: 'bad',
  TIMED_OUT: 'bad',
  TERMINATED: 'warn',
  CANCELED: 'warn',
  CONTINUED_AS_NEW: 'neutral',
};

/** Summary card for `temporal.workflow.describe`: what an on-call engineer looks for first. */
export function workflowDescriptionView(workflow: WorkflowDescription): HTMLElement {
  return h(
    'section',
    { class: 'rs-card', 'aria-label': `Workflow ${workflow.workflowId}` },
    h(
      'header',
      { class: 'rs-card-header' },
      h('strong', {}, workflow.workflowId),
      h(
        'span',
        {
          class: `rs-badge rs-tone-${statusTone[workflow.status] ?? 'neutral'}`,
          'data-testid': 'workflow-status',
        },
        workflow.status,
      ),
    ),
    h(
      'dl',
      { class: 'rs-facts' },
      fact('Type', workflow.type),
      fact('Task queue', workflow.taskQueue),
      fact('Run ID', h('code', {}, workflow.runId)),
      fact('Started', time(workflow.startTime)),
      fact('Closed', time(workflow.closeTime)),
      fact('History', `${workflow.historyLength} events${size(workflow.historySizeBytes)}`),
      workflow.parent && fact('Parent', h('code', {}, workflow.parent.workflowId)),
    ),
    pendingActivities(workflow),
    workflow.pendingChildren.length > 0 &&
      h(
        'div',
        {},
        h('h4', {}, 'Pending child workflows'),
        h(
          'ul',
          {},
          workflow.pendingChildren.map((child) =>
            h('li', {}, h('code', {}, child.workflowId), ` (${child.workflowType})`),
          ),
        ),
      ),
  );
}

function pendingActivities({ pendingActivities: activities, status }: WorkflowDescription) {
  if (activities.length === 0) {
    return status === 'RUNNING'
      ? h(
          'p',
          { class: 'rs-note' },
          'No pending activities: the workflow is waiting on a timer, a signal or a child.',
        )
      : null;
  }
  return h(
    'div',
    {},
    h('h4', {}, 'Pending activities'),
    h(
      'table',
      { class: 'rs-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Activity', 'State', 'Attempt', 'Last heartbeat', 'Last failure'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        activities.map((activity) =>
          h(
            'tr',
            {},
            h('td', {}, activity.activityType),
            h('td', {}, activity.state),
            h(
              'td',
              {},
              activity.maximumAttempts
                ? `${activity.attempt} of ${activity.maximumAttempts}`
                : activity.attempt,
            ),
            h('td', {}, time(activity.lastHeartbeatTime)),
            h(
              'td',
              { class: activity.lastFailure ? 'rs-failure' : undefined },
              activity.lastFailure
                ? `${activity.lastFailure.type ? `${activity.lastFailure.type}: ` : ''}${activity.lastFailure.message}`
                : '—',
            ),
          ),
        ),
      ),
    ),
  );
}

function fact(label: string, value: Child) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function size(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 1024 * 1024
    ? `, ${(bytes / 1024).toFixed(1)} KiB`
    : `, ${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
