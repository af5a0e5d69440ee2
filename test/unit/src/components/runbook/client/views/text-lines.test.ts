import { describe, expect, it } from 'vitest';
import {
  applyFilters,
  parseFilter,
  type OutputFilter,
} from '../../../../../../../server/steps/commands/filters.ts';
import { textLines } from '../../../../../../../src/components/runbook/client/views/text-lines.ts';

const stage = (...words: string[]): OutputFilter => {
  const parsed = parseFilter(words);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.filter;
};

const history = {
  workflowId: 'order-fulfillment-ORD-12345',
  totalEvents: 3,
  matchedEvents: 3,
  truncated: false,
  events: [
    {
      eventId: 1,
      eventTime: '2026-01-04T10:00:00Z',
      eventType: 'WorkflowExecutionStarted',
      attributes: {
        workflowType: { name: 'OrderFulfillmentWorkflow' },
        input: [{ orderId: 'ORD-12345' }],
      },
    },
    {
      eventId: 2,
      eventTime: '2026-01-04T10:00:01Z',
      eventType: 'WorkflowTaskScheduled',
      attributes: {},
    },
    {
      eventId: 3,
      eventTime: '2026-01-04T10:00:02Z',
      eventType: 'ActivityTaskFailed',
      attributes: { failure: { message: 'InsufficientInventory' } },
    },
  ],
};

describe('a result as the CLI would print it, through the seed line’s filters', () => {
  it('finds the original input after WorkflowExecutionStarted (grep -A20 … | grep Input)', () => {
    const lines = textLines('temporal.workflow.history', history);
    expect(
      applyFilters(lines, [
        stage('grep', '-A20', 'WorkflowExecutionStarted'),
        stage('grep', 'Input'),
      ]),
    ).toEqual(['    Input  [{"orderId":"ORD-12345"}]']);
    expect(applyFilters(lines, [stage('grep', 'Total Events')])).toEqual(['Total Events: 3']);
    expect(applyFilters(lines, [stage('grep', '-A1', 'ActivityTaskFailed')])).toEqual([
      '3  2026-01-04T10:00:02Z  ActivityTaskFailed',
      '    Failure  {"message":"InsufficientInventory"}',
    ]);
  });

  it('prints workflow lists with the CLI’s statuses (grep -E "Completed|Failed" | head)', () => {
    const workflow = (workflowId: string, status: string) => ({
      workflowId,
      runId: 'r',
      type: 'OrderFulfillmentWorkflow',
      status,
      taskQueue: 'orchestrator-queue',
      startTime: '2026-01-04T10:00:00.000Z',
      closeTime: null,
      historyLength: 10,
    });
    const lines = textLines('temporal.workflow.list', {
      workflows: [
        workflow('a', 'COMPLETED'),
        workflow('b', 'RUNNING'),
        workflow('c', 'FAILED'),
        workflow('d', 'TIMED_OUT'),
      ],
    });
    expect(
      applyFilters(lines, [stage('grep', '-E', 'Completed|Failed'), stage('head', '-20')]),
    ).toEqual([
      'Completed  a  OrderFulfillmentWorkflow  2026-01-04T10:00:00.000Z',
      'Failed  c  OrderFulfillmentWorkflow  2026-01-04T10:00:00.000Z',
    ]);
    expect(lines.at(-1)).toMatch(/^TimedOut {2}d /);
  });

  it('prints log lines as kubectl does, with -- where the backend grep left lines out', () => {
    const line = (text: string, gap?: true) => ({
      pod: 'p',
      container: 'c',
      time: null,
      text,
      ...(gap ? { gap } : {}),
    });
    expect(textLines('kubernetes.pods.logs', { lines: [line('one'), line('two', true)] })).toEqual([
      'one',
      '--',
      'two',
    ]);
  });

  it('prints anything else as indented JSON', () => {
    expect(textLines('mongo.ping', { latencyMs: 3 })).toEqual(['{', '  "latencyMs": 3', '}']);
  });
});
