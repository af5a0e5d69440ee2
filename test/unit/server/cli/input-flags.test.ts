import { describe, expect, it } from 'vitest';
import { findAction } from '../../../../server/actions/registry.ts';
import { readInputFlags } from '../../../../server/cli/input-flags.ts';

const read = (actionId: string, words: string[]) => readInputFlags(findAction(actionId)!, words);

describe('runsheet run: flags to an action input, typed by its schema', () => {
  it('keeps strings, makes numbers of number inputs and JSON of untyped ones', () => {
    expect(
      read('temporal.workflow.signal', [
        '--workflowId',
        'planning-ORD-1',
        '--signalName=waveAssigned',
        '--input',
        '{"waveId":"W-1"}',
      ]).input,
    ).toEqual({
      workflowId: 'planning-ORD-1',
      signalName: 'waveAssigned',
      input: { waveId: 'W-1' },
    });
    expect(read('temporal.workflow.history', ['--workflowId', '42', '--limit', '5']).input).toEqual(
      {
        workflowId: '42',
        limit: 5,
      },
    );
    // A bare word is a JSON string argument, as `temporal workflow signal --input` would not allow.
    expect(read('temporal.workflow.signal', ['--input', 'hello']).input).toEqual({
      input: 'hello',
    });
  });

  it('reads booleans bare, negated or spelt out, nested inputs with dots, arrays by repetition', () => {
    expect(
      read('kubernetes.pods.logs', [
        '--selector',
        'app=orchestrator-worker',
        '--previous',
        '--no-follow',
        '--grep.pattern',
        'ORD-1',
        '--grep.ignoreCase',
        'true',
        '--grep.after',
        '2',
      ]).input,
    ).toEqual({
      selector: 'app=orchestrator-worker',
      previous: true,
      follow: false,
      grep: { pattern: 'ORD-1', ignoreCase: true, after: 2 },
    });
    expect(
      read('temporal.workflow.history', [
        '--eventTypes',
        'WorkflowExecutionSignaled',
        '--eventTypes',
        'MarkerRecorded',
      ]).input,
    ).toEqual({ eventTypes: ['WorkflowExecutionSignaled', 'MarkerRecorded'] });
  });

  it('takes --yes, --reason, --approvalId and --json as options of the run, not inputs', () => {
    expect(
      read('temporal.workflow.terminate', [
        '--workflowId',
        'w',
        '-y',
        '--reason',
        'INC-1',
        '--approvalId=APR-1',
        '--json',
      ]),
    ).toEqual({
      input: { workflowId: 'w' },
      options: { yes: true, reason: 'INC-1', approvalId: 'APR-1', json: true, help: false },
    });
  });

  it('says what to type instead of a mistake', () => {
    const cases: [string, string[], string][] = [
      [
        'temporal.workflow.describe',
        ['order-1'],
        'Unexpected "order-1": inputs are given as --name value',
      ],
      ['temporal.workflow.describe', ['--workflowId'], '--workflowId needs a value'],
      ['temporal.workflow.history', ['--limit', '5x'], '--limit is a number, not "5x".'],
      ['kubernetes.pods.logs', ['--previous=maybe'], '--previous is true or false, not "maybe".'],
      [
        'kubernetes.deployment.setResources',
        ['--limits', 'lots'],
        `--limits takes JSON, e.g. --limits '{"key": "value"}'; got "lots".`,
      ],
      [
        'mongo.ping',
        ['--host', 'x'],
        'mongo.ping takes no inputs; "--host" is not one of --yes, --reason, --approvalId, --incident, --json.',
      ],
      [
        'temporal.workflow.describe',
        ['--__proto__', '{"polluted":1}'],
        'temporal.workflow.describe has no input "__proto__".',
      ],
      [
        'temporal.workflow.describe',
        ['--constructor', 'x'],
        'temporal.workflow.describe has no input "constructor".',
      ],
    ];
    for (const [actionId, words, message] of cases) {
      expect(() => read(actionId, words), words.join(' ')).toThrow(message);
    }
  });
});
