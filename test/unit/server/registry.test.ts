import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actions } from '../../../server/actions/registry.ts';

const ACTIONS_DIR = 'server/actions';

describe('the action registry', () => {
  // Action files sit directly in server/actions/<system>/; what they share sits in <system>/shared/.
  it('registers every action file exactly once', async () => {
    const systems = readdirSync(ACTIONS_DIR, { withFileTypes: true }).filter((entry) =>
      entry.isDirectory(),
    );
    const files = systems.flatMap((system) =>
      readdirSync(join(ACTIONS_DIR, system.name))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => resolve(ACTIONS_DIR, system.name, file)),
    );
    const defined = await Promise.all(
      files.map(async (file) => (await import(pathToFileURL(file).href)).default),
    );
    expect(defined.length).toBeGreaterThan(0);
    for (const action of defined) expect(actions).toContain(action);
    expect(actions).toHaveLength(defined.length);
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
