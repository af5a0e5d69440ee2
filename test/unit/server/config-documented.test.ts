import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSchema, envKeys } from '../../../server/config.ts';

// The configuration is written three times: the schema (what is accepted), `envKeys` (which
// variable sets which key) and the README's table (what a person reads). These keep them in step.

interface Row {
  /** The variables that set the key (a cell may name more than one, e.g. an alias); none: `—`. */
  variables: string[];
  key: string;
}

/** The rows of the table under "## Configuration" in the README. */
function documentedRows(): Row[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const table = section.slice(0, section.indexOf('\n## ', 1));
  return table
    .split('\n')
    .filter(
      (line) => line.startsWith('| ') && !line.startsWith('| Variable') && !/^\| -+/.test(line),
    )
    .map((line) => {
      const [variable, key] = line
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.trim());
      // `—`, or backticked names separated by commas: `RUNSHEET_SANDBOX_TEMPORAL_CLI`, `TEMPORAL_CLI`.
      const names = variable === '—' ? [] : (variable ?? '').split(',').map((name) => name.trim());
      const variables = names.map(
        (name) => name.match(/^`([A-Z][A-Z0-9_]*)`$/)?.[1] ?? `unreadable: ${name}`,
      );
      return { variables, key: key?.match(/^`([\w.]+)`$/)?.[1] ?? `unreadable: ${key}` };
    });
}

type Node = z.core.$ZodType;

/** The object or leaf under defaults, optionals and refinements. */
function unwrap(node: Node): Node {
  const def = node._zod.def as { type: string; innerType?: Node; in?: Node };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return node;
}

function childrenOf(node: Node): Record<string, Node> | undefined {
  const def = unwrap(node)._zod.def as { type: string; shape?: Record<string, Node> };
  return def.type === 'object' ? def.shape : undefined;
}

/** Every key path of the schema down to its leaves (objects included), e.g. `temporal.tls.caFile`. */
function schemaPaths(node: Node = configSchema, prefix: string[] = []): string[] {
  return Object.entries(childrenOf(node) ?? {}).flatMap(([name, child]) => {
    const path = [...prefix, name];
    return [path.join('.'), ...schemaPaths(child, path)];
  });
}

function schemaLeaves(node: Node = configSchema, prefix: string[] = []): string[] {
  return Object.entries(childrenOf(node) ?? {}).flatMap(([name, child]) => {
    const path = [...prefix, name];
    return childrenOf(child) ? schemaLeaves(child, path) : [path.join('.')];
  });
}

describe('the configuration documentation', () => {
  const rows = documentedRows();
  const paths = new Set(schemaPaths());

  it('reads the README table', () => {
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      expect(row.key).not.toMatch(/^unreadable/);
      for (const variable of row.variables) expect(variable).not.toMatch(/^unreadable/);
    }
  });

  it('documents every variable, with the key it sets', () => {
    const documented = new Map(
      rows.flatMap((row) => row.variables.map((variable) => [variable, row.key] as const)),
    );
    for (const [variable, path] of Object.entries(envKeys)) {
      expect({ variable, key: documented.get(variable) }).toEqual({
        variable,
        key: path.join('.'),
      });
    }
  });

  it('documents only variables that exist', () => {
    const real = rows.flatMap((row) => row.variables);
    expect(real.filter((variable) => !(variable in envKeys))).toEqual([]);
    expect(new Set(real).size).toBe(real.length);
  });

  it('sets and documents only keys the schema has', () => {
    expect(Object.values(envKeys).filter((path) => !paths.has(path.join('.')))).toEqual([]);
    expect(rows.filter((row) => !paths.has(row.key)).map((row) => row.key)).toEqual([]);
  });

  // A key documented as a whole (`identity.proxy`) covers the keys inside it.
  it('documents every key of the schema', () => {
    const keys = rows.map((row) => row.key);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    const undocumented = schemaLeaves().filter(
      (leaf) => !keys.some((key) => leaf === key || leaf.startsWith(`${key}.`)),
    );
    expect(undocumented).toEqual([]);
  });
});
