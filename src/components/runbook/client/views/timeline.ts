import type { HistoryEvent } from '../../../../../server/actions/results.ts';
import { h, time } from '../dom.ts';
import { jsonTreeView } from './json-tree.ts';

export interface HistoryResult {
  workflowId: string;
  totalEvents: number;
  matchedEvents: number;
  truncated: boolean;
  events: HistoryEvent[];
}

/** The event types that mean something went wrong: ActivityTaskFailed, …TimedOut, Terminated, Canceled. */
export function isFailureEvent(eventType: string): boolean {
  return /(Failed|TimedOut|Terminated|Canceled)$/.test(eventType);
}

/** `temporal.workflow.history`: the events in order, failures marked, each one's details unfolding. */
export function timelineView(history: HistoryResult): HTMLElement {
  const failures = history.events.filter((event) => isFailureEvent(event.eventType)).length;
  return h(
    'section',
    { class: 'rs-card', 'aria-label': `History of ${history.workflowId}` },
    h(
      'p',
      { class: 'rs-note' },
      `${history.matchedEvents} of ${history.totalEvents} events`,
      history.truncated ? ` (the first ${history.events.length} shown)` : '',
      failures ? ` · ${failures} failure${failures === 1 ? '' : 's'}` : '',
    ),
    h(
      'ol',
      { class: 'rs-timeline' },
      history.events.map((event) => {
        const failed = isFailureEvent(event.eventType);
        return h(
          'li',
          {
            class: failed ? 'rs-event rs-event-failed' : 'rs-event',
            'data-event': event.eventType,
          },
          h(
            'details',
            {},
            h(
              'summary',
              {},
              h('span', { class: 'rs-event-id' }, event.eventId),
              ' ',
              h('strong', {}, event.eventType),
              failed ? h('span', { class: 'rs-badge rs-tone-bad' }, 'failure') : null,
              ' ',
              h('span', { class: 'rs-event-time' }, time(event.eventTime || null)),
            ),
            jsonTreeView(event.attributes, `Event ${event.eventId} details`),
          ),
        );
      }),
    ),
  );
}
