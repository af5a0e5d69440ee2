import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../../server/actions/define-action.ts';
import { actions } from '../../../../server/actions/registry.ts';

const ACTIONS_DIR = 'server/actions';

// Action files sit directly in server/actions/<system>/; what they share sits in <system>/shared/.
function actionFiles(): string[] {
  const systems = readdirSync(ACTIONS_DIR, { withFileTypes: true }).filter((entry) =>
    entry.isDirectory(),
  );
  return systems.flatMap((system) =>
    readdirSync(join(ACTIONS_DIR, system.name))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => resolve(ACTIONS_DIR, system.name, file)),
  );
}

async function defaultExport(file: string): Promise<Action> {
  return (await import(pathToFileURL(file).href)).default;
}

describe('the action registry', () => {
  it('registers every action file exactly once', async () => {
    const defined = await Promise.all(actionFiles().map(defaultExport));
    expect(defined.length).toBeGreaterThan(0);
    for (const action of defined) expect(actions).toContain(action);
    expect(actions).toHaveLength(defined.length);
  });

  // The naming rule of docs/architecture.md: `temporal.workflow.historyScan` lives in
  // server/actions/temporal/workflow-history-scan.ts.
  it('names each action file after its id', async () => {
    for (const file of actionFiles()) {
      const { id } = await defaultExport(file);
      const [system, ...rest] = id.split('.');
      const kebab = rest.join('-').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
      expect(file).toBe(resolve(ACTIONS_DIR, system!, `${kebab}.ts`));
    }
  });

  // Ids are stable (the trail stores them): new ones follow the grammar the existing ones share.
  it('keeps every id to the documented grammar', () => {
    for (const { id } of actions) {
      expect(id).toMatch(/^((temporal|kubernetes)\.[a-z]+\.[a-z][a-zA-Z]*|mongo\.[a-z][a-zA-Z]*)$/);
    }
  });

  it('gives every action a unique id under its system, a risk and an object input', () => {
    const ids = actions.map((action) => action.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const action of actions) {
      expect(action.id).toMatch(/^(temporal|kubernetes|mongo)\.[a-z][a-zA-Z]*(\.[a-zA-Z]+)*$/);
      expect(['read', 'write', 'destructive']).toContain(action.risk);
      expect(action.input.safeParse(undefined).success).toBe(false);
    }
  });
});
