import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VerbTable } from '../../../../../server/steps/commands/flag-table.ts';
import { KUBECTL } from '../../../../../server/steps/commands/kubectl-flags.ts';
import { parseCommand } from '../../../../../server/steps/commands/parse.ts';
import { TEMPORAL } from '../../../../../server/steps/commands/temporal-flags.ts';

interface Help {
  global: string[];
  verbs: Record<string, string[]>;
}
const help = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/cli-help/${name}.json`, 'utf8')) as Help;

/** A line of each verb that runs without the flag, so the flag alone decides. */
const KUBECTL_LINES: Record<string, string> = {
  get: 'kubectl get pods FLAG',
  events: 'kubectl events FLAG',
  describe: 'kubectl describe pod p1 FLAG',
  logs: 'kubectl logs p1 FLAG',
  top: 'kubectl top pod FLAG',
  scale: 'kubectl scale deployment d1 --replicas=2 FLAG',
  'rollout undo': 'kubectl rollout undo deployment/d1 FLAG',
  'rollout status': 'kubectl rollout status deployment/d1 FLAG',
  'rollout history': 'kubectl rollout history deployment/d1 FLAG',
  'rollout restart': 'kubectl rollout restart deployment/d1 FLAG',
  delete: 'kubectl delete pod p1 FLAG',
  exec: 'kubectl exec p1 FLAG -- nc -zv mongodb 27017',
};
const TEMPORAL_LINES: Record<string, string> = {
  cancel: 'temporal workflow cancel -w w1 FLAG',
  count: 'temporal workflow count FLAG',
  describe: 'temporal workflow describe -w w1 FLAG',
  list: 'temporal workflow list FLAG',
  query: 'temporal workflow query -w w1 --name getStatus FLAG',
  reset: 'temporal workflow reset -w w1 --type LastWorkflowTask FLAG',
  result: 'temporal workflow result -w w1 FLAG',
  show: 'temporal workflow show -w w1 FLAG',
  signal: 'temporal workflow signal -w w1 --name go FLAG',
  stack: 'temporal workflow stack -w w1 FLAG',
  start: 'temporal workflow start -t q1 --type T1 -w w1 FLAG',
  terminate: 'temporal workflow terminate -w w1 FLAG',
};
/** Flags we honour that the reference above does not list: older or newer CLI versions. */
const OTHER_VERSIONS = [
  '--query-type',
  '--start-signal',
  '--start-signal-input',
  '--use-protocol-buffers',
];

function decide(table: VerbTable, flag: string) {
  const rule = table.flags[table.aliases?.[flag] ?? flag];
  if (!rule) return undefined;
  return { rule, verdict: rule.refused ? `refused: ${rule.refused}` : 'honoured' };
}

describe.each([
  ['kubectl', KUBECTL, KUBECTL_LINES],
  ['temporal', TEMPORAL, TEMPORAL_LINES],
] as const)(
  'every flag of %s’s help, for each verb mapped, is honoured or refused',
  (cli, tables, lines) => {
    const { global, verbs } = help(cli === 'kubectl' ? 'kubectl' : 'temporal-workflow');

    it.each(Object.entries(verbs))('%s', (verb, flags) => {
      const table = tables[verb]!;
      expect(table, `${cli} ${verb} has no flag table`).toBeDefined();
      const listing: string[] = [];
      for (const flag of [...flags, ...global]) {
        const decided = decide(table, flag);
        expect(decided, `${cli} ${verb} ${flag} is neither honoured nor refused`).toBeDefined();
        listing.push(`${flag}: ${decided!.verdict}`);
        const { takes } = decided!.rule;
        const value = takes === 'bare' ? '' : takes === 'inline' ? '=server' : ' v1';
        const parsed = parseCommand(lines[verb]!.replace('FLAG', `${flag}${value}`));
        if (decided!.rule.refused) {
          expect(parsed.runnable, `${flag} must refuse`).toBe(false);
          expect(parsed.runnable ? '' : parsed.reason).toContain(flag);
        } else if (!parsed.runnable) {
          expect(parsed.reason).not.toMatch(/is not supported by/);
        }
      }
      expect(listing.length).toBe(flags.length + global.length);
    });

    it('lists no flag the CLI does not have', () => {
      const known = new Set([...global, ...Object.values(verbs).flat(), ...OTHER_VERSIONS]);
      for (const [verb, table] of Object.entries(tables)) {
        for (const flag of Object.keys(table.flags)) {
          const inHelp = known.has(flag) || verb === 'get secret';
          expect(inHelp, `${cli} ${verb} ${flag}`).toBe(true);
        }
      }
    });
  },
);
